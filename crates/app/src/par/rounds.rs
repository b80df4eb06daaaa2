//! Rounds (đợt đánh giá): the office opens one per year for a province's agencies; each unit
//! gets the criteria set of its group in force on the round's self-assessment date.

use std::collections::BTreeMap;

use cchc_domain::par::{effective_set, CriteriaSet, UnitGroup};
use cchc_domain::unit::{Unit, UnitId, UnitKind};
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model_par::{NewRound, Round};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// The unit group whose criteria set scores a unit of `kind` (`None`: not scored).
pub fn group_of(kind: UnitKind) -> Option<UnitGroup> {
    match kind {
        UnitKind::Department => Some(UnitGroup::new(UnitGroup::DEPARTMENTS)),
        UnitKind::District => Some(UnitGroup::new(UnitGroup::DISTRICTS)),
        UnitKind::Commune => Some(UnitGroup::new(UnitGroup::COMMUNES)),
        UnitKind::Central => Some(UnitGroup::new(UnitGroup::CENTRAL)),
        UnitKind::Province | UnitKind::Other => None,
    }
}

/// What the office fills to open a round.
#[derive(Debug, Clone)]
pub struct RoundForm {
    pub year: i32,
    pub name: String,
    /// The province whose agencies are assessed (its units and those below it).
    pub province: UnitId,
    pub self_due: NaiveDate,
    pub appraisal_due: NaiveDate,
    pub explanation_due: NaiveDate,
    pub approval_due: NaiveDate,
}

/// Units below `root` that exist on `on`.
fn below(units: &[Unit], root: UnitId, on: NaiveDate) -> Vec<&Unit> {
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for u in units.iter().filter(|u| u.parent_id == Some(p)) {
            frontier.push(u.id);
            if u.is_active_on(on) {
                out.push(u);
            }
        }
    }
    out.sort_by_key(|u| u.id);
    out
}

fn check_dates(f: &RoundForm) -> FieldErrors {
    let mut e = FieldErrors::default();
    if f.name.trim().is_empty() {
        e.add("name", "Cần đặt tên đợt đánh giá.");
    }
    if f.appraisal_due < f.self_due {
        e.add("appraisal_due", "Hạn thẩm định phải sau hạn tự đánh giá.");
    }
    if f.explanation_due < f.self_due {
        e.add("explanation_due", "Hạn giải trình phải sau hạn tự đánh giá.");
    }
    if f.approval_due < f.appraisal_due || f.approval_due < f.explanation_due {
        e.add("approval_due", "Hạn phê duyệt phải sau hạn thẩm định và hạn giải trình.");
    }
    e
}

/// Opens a round: every current unit of the province in a scored group, with its group's set.
pub async fn open_round(store: &dyn Store, actor: &Actor, f: &RoundForm) -> Result<Round, ServiceError> {
    let mut errors = check_dates(f);
    let units = store.all_units().await?;
    let sets: Vec<(i64, CriteriaSet)> = store.criteria_sets().await?.into_iter().map(|s| (s.id, s.set)).collect();
    let plain: Vec<CriteriaSet> = sets.iter().map(|(_, s)| s.clone()).collect();
    let mut chosen: BTreeMap<String, Option<i64>> = BTreeMap::new();
    let mut assigned = Vec::new();
    for u in below(&units, f.province, f.self_due) {
        let Some(group) = group_of(u.kind) else { continue };
        let id = *chosen.entry(group.0.clone()).or_insert_with(|| {
            effective_set(&plain, &group, f.self_due)
                .and_then(|s| sets.iter().find(|(_, x)| x.code == s.code && x.version == s.version).map(|(id, _)| *id))
        });
        if let Some(set) = id {
            assigned.push((u.id, set));
        }
    }
    for (group, id) in &chosen {
        if id.is_none() {
            errors.add(
                "province",
                format!(
                    "Chưa có bộ tiêu chí nào hiệu lực ngày {} cho nhóm «{}».",
                    f.self_due.format("%d/%m/%Y"),
                    UnitGroup::new(group).label_vi()
                ),
            );
        }
    }
    if assigned.is_empty() && errors.is_empty() {
        errors.add("province", "Tỉnh đã chọn không có cơ quan, đơn vị nào thuộc diện đánh giá.");
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let round = NewRound {
        year: f.year,
        name: f.name.trim().to_string(),
        self_due: f.self_due,
        appraisal_due: f.appraisal_due,
        explanation_due: f.explanation_due,
        approval_due: f.approval_due,
        units: assigned,
    };
    Ok(store.create_round(actor, &round).await?)
}
