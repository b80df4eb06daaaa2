//! Campaigns: the questionnaire template (labelled *mẫu, chưa xác nhận*) and opening a survey
//! of a province's units with a quota each.

use cchc_domain::sipas::{plan, questionnaire_template, SampleSize};
use cchc_domain::unit::{UnitId, UnitKind};
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model_sipas::{Campaign, NewCampaign};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// Stores the built-in questionnaire when none is stored yet; returns its id.
pub async fn install_template(store: &dyn Store, actor: &Actor) -> Result<i64, ServiceError> {
    if let Some(q) = store.questionnaires().await?.into_iter().next() {
        return Ok(q.id);
    }
    let q = questionnaire_template().map_err(|e| ServiceError::Internal(format!("mẫu phiếu khảo sát hỏng: {e}")))?;
    Ok(store.save_questionnaire(actor, &q).await?.id)
}

/// What the office fills to open a campaign.
#[derive(Debug, Clone)]
pub struct CampaignForm {
    pub name: String,
    pub questionnaire_id: i64,
    /// The province whose one-stop units are surveyed.
    pub province: UnitId,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// Questionnaires to collect in all.
    pub sample: u64,
}

/// Opens a campaign for the province's departments, communes and central agencies, the sample
/// shared among them in equal parts (largest remainder). Shares by dossier volume follow once
/// index-766 volumes per unit are wired in.
pub async fn open_campaign(store: &dyn Store, actor: &Actor, f: &CampaignForm) -> Result<Campaign, ServiceError> {
    let mut errors = FieldErrors::default();
    if f.name.trim().is_empty() {
        errors.add("name", "Cần đặt tên đợt khảo sát.");
    }
    if f.period_to < f.period_from {
        errors.add("period_to", "Ngày kết thúc phải sau ngày bắt đầu.");
    }
    let units = store.all_units().await?;
    let mut chosen: Vec<(UnitId, u64)> = Vec::new();
    let mut frontier = vec![f.province];
    while let Some(p) = frontier.pop() {
        for u in units.iter().filter(|u| u.parent_id == Some(p)) {
            frontier.push(u.id);
            let surveyed = matches!(u.kind, UnitKind::Department | UnitKind::Commune | UnitKind::Central);
            if surveyed && u.is_active_on(f.period_from) {
                chosen.push((u.id, 1_000_000));
            }
        }
    }
    chosen.sort_unstable();
    let quotas = match plan(&chosen, SampleSize::Total(f.sample), 1) {
        Ok(q) => q,
        Err(e) => {
            errors.add("sample", e.to_string());
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let c = NewCampaign {
        name: f.name.trim().to_string(),
        questionnaire_id: f.questionnaire_id,
        period_from: f.period_from,
        period_to: f.period_to,
        units: quotas.into_iter().map(|q| (q.unit, q.quota as i64)).collect(),
    };
    Ok(store.create_campaign(actor, &c).await?)
}
