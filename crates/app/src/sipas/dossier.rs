//! The optional dossier code of a public answer ("Mã hồ sơ"): it must be a dossier of the
//! index-766 records received by the unit (or a unit below it) and handled in the campaign's
//! period. The code is kept only as a link on the response (one response per dossier and
//! campaign) and is never shown back: the messages here say what is wrong, not what the
//! records hold.

use cchc_domain::unit::UnitId;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_kpi::DossierFilter;
use cchc_storage::model_sipas::Campaign;
use cchc_storage::Store;

use super::PublicError;

/// Longest code accepted (the national portal's codes are about 30 characters).
const MAX_LEN: usize = 64;

/// Checks a typed dossier code: `Ok(None)` when none was typed, `Ok(Some(code))` when it is one
/// of the unit's in the period, `Err(message)` for the form otherwise.
pub async fn check(
    store: &dyn Store,
    campaign: &Campaign,
    unit: UnitId,
    typed: &str,
) -> Result<Result<Option<String>, String>, PublicError> {
    let code = cchc_domain::text::nfc(typed.trim());
    if code.is_empty() {
        return Ok(Ok(None));
    }
    if code.chars().count() > MAX_LEN || code.chars().any(char::is_control) {
        return Ok(Err("Mã hồ sơ không đúng dạng; xin xem lại mã in trên giấy tiếp nhận.".into()));
    }
    let filter = DossierFilter { codes: Some(vec![code.clone()]), limit: Some(1), ..DossierFilter::default() };
    let found = store.list_dossiers(Visibility::UnitTree(unit), &filter).await?;
    let Some(d) = found.first() else {
        return Ok(Err("Không tìm thấy mã hồ sơ này trong các hồ sơ tiếp nhận tại đơn vị; xin xem lại mã.".into()));
    };
    // Handled in the period: received no later than its end, and received or returned no
    // earlier than its start (a dossier received before the campaign whose result is handed
    // over during it counts).
    let last = d.returned.or(d.finished).unwrap_or(d.received).date().max(d.received.date());
    if d.received.date() > campaign.period_to || last < campaign.period_from {
        return Ok(Err("Hồ sơ này không được giải quyết trong thời gian của đợt khảo sát.".into()));
    }
    Ok(Ok(Some(code)))
}
