//! Demo initiatives: the criteria template, one recognised at province level (scored by the
//! demo appraiser, applied by the justice department), one under evaluation, one returned
//! for completion, and a draft of the finance department.

use cchc_domain::initiative::Decision;
use cchc_domain::user::Actor;
use cchc_storage::model_initiative::InitiativeText;
use cchc_storage::Store;

use crate::accounts::ServiceError;

fn text(title: &str, problem: &str, solution: &str) -> InitiativeText {
    InitiativeText {
        title: title.into(),
        problem: problem.into(),
        solution: solution.into(),
        scope: "Bộ phận Một cửa của đơn vị".into(),
        benefit: "Rút ngắn thời gian giải quyết hồ sơ, giảm chi phí đi lại của người dân".into(),
    }
}

/// Seeds the demo initiatives (nothing when the registry lacks the demo departments).
pub async fn seed(store: &dyn Store, actor: &Actor) -> Result<(), ServiceError> {
    super::evaluate::install_templates(store, actor).await?;
    let (Some(stc), Some(stp), Some(sct)) =
        (store.unit_by_code("HT-STC").await?, store.unit_by_code("HT-STP").await?, store.unit_by_code("HT-SCT").await?)
    else {
        return Ok(());
    };
    let today = crate::tracking::today();
    let propose = |unit, t: InitiativeText| async move {
        let i = super::propose(store, actor, unit, &t, Vec::new(), today).await?;
        super::submit(store, actor, unit, i.id, i.version, today).await
    };
    let a = propose(
        sct.id,
        text(
            "Số hóa hồ sơ ngay khi tiếp nhận tại Bộ phận Một cửa",
            "Hồ sơ giấy luân chuyển chậm, dễ thất lạc",
            "Quét và ký số thành phần hồ sơ ngay khi tiếp nhận, luân chuyển trên hệ thống",
        ),
    )
    .await?;
    let a = super::evaluate::send_to_evaluation(store, actor, a.id, a.version, today).await?;
    let scores = [("1", "27"), ("2", "34"), ("3", "26")].map(|(c, p)| (c.to_string(), p.to_string()));
    let appraiser = store.list_users().await?.into_iter().find(|u| u.login == "thamdinh");
    if let Some(u) = &appraiser {
        super::evaluate::assign(store, actor, a.id, u.id).await?;
        super::evaluate::score(store, actor, (u.id, u.role), a.id, &scores).await?;
    }
    if appraiser.is_some() {
        let a = super::evaluate::decide(
            store,
            actor,
            a.id,
            a.version,
            &super::evaluate::DecisionForm {
                decision: Some(Decision::Recognise(cchc_domain::initiative::Level::Province)),
                reason: "Giải pháp mới, hiệu quả rõ, áp dụng được ở các sở, ngành".into(),
                results: "Thời gian luân chuyển hồ sơ giảm từ 2 ngày còn 2 giờ".into(),
            },
            today,
        )
        .await?;
        super::adopt(store, actor, stp.id, a.id, "Áp dụng cho 45 thủ tục lĩnh vực hộ tịch", today).await?;
    }
    let b = propose(
        stp.id,
        text(
            "Tổ công nghệ số hỗ trợ nộp hồ sơ trực tuyến",
            "Tỷ lệ nộp trực tuyến thấp",
            "Hướng dẫn trực tiếp tại quầy",
        ),
    )
    .await?;
    super::evaluate::send_to_evaluation(store, actor, b.id, b.version, today).await?;
    let c =
        propose(stc.id, text("Nhắc hạn xử lý hồ sơ qua tin nhắn", "Hồ sơ trễ hạn", "Gửi tin nhắn nhắc hạn")).await?;
    super::send_back(store, actor, c.id, c.version, "Bổ sung số liệu hồ sơ trễ hạn trước và sau khi áp dụng", today)
        .await?;
    super::propose(
        store,
        actor,
        stc.id,
        &text("Một mẫu tờ khai dùng chung", "Tờ khai trùng lặp", "Gộp các tờ khai"),
        Vec::new(),
        today,
    )
    .await?;
    Ok(())
}
