//! Annual counts of initiatives per unit (proposed, recognised at province and unit level,
//! adopted), as the page and the XLSX table show them, and the figure the PAR projection
//! reads for a criterion linked to `LiveLink::InitiativesRecognised`.

use cchc_domain::unit::UnitId;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_initiative::{Adoption, InitiativeFilter, UnitCounts};
use cchc_storage::Store;

use crate::accounts::ServiceError;

/// Column headers of the counts table.
pub const HEADER: [&str; 6] = [
    "STT",
    "Cơ quan, đơn vị",
    "Số sáng kiến đề xuất",
    "Được công nhận cấp tỉnh",
    "Được công nhận cấp cơ sở",
    "Số sáng kiến áp dụng, nhân rộng",
];

/// The counts of `year`, one row per unit with any activity, and the totals.
pub async fn counts(store: &dyn Store, year: i32) -> Result<(Vec<UnitCounts>, UnitCounts), ServiceError> {
    let rows = store.initiative_counts(year).await?;
    let mut total = UnitCounts { unit_name: "Tổng cộng".into(), ..Default::default() };
    for r in &rows {
        total.proposed += r.proposed;
        total.recognised_province += r.recognised_province;
        total.recognised_unit += r.recognised_unit;
        total.adopted += r.adopted;
    }
    Ok((rows, total))
}

/// The rows of the XLSX table.
pub fn table_rows(rows: &[UnitCounts], total: &UnitCounts) -> Vec<Vec<String>> {
    let line = |n: String, c: &UnitCounts| {
        vec![
            n,
            c.unit_name.clone(),
            c.proposed.to_string(),
            c.recognised_province.to_string(),
            c.recognised_unit.to_string(),
            c.adopted.to_string(),
        ]
    };
    let mut out: Vec<Vec<String>> = rows.iter().enumerate().map(|(i, c)| line((i + 1).to_string(), c)).collect();
    out.push(line(String::new(), total));
    out
}

/// How many of `unit`'s initiatives of `year` were recognised (any level): the live figure
/// a PAR criterion linked to recognised initiatives is projected from.
pub async fn recognised(store: &dyn Store, unit: UnitId, year: i32) -> Result<u32, ServiceError> {
    let c = store.initiative_counts(year).await?;
    Ok(c.iter().find(|c| c.unit_id == unit).map_or(0, |c| c.recognised_province + c.recognised_unit))
}

/// The recognised initiatives the reader may see, each with the units that applied it.
pub async fn recognised_list(
    store: &dyn Store,
    year: Option<i32>,
    vis: Visibility,
) -> Result<Vec<(cchc_storage::model_initiative::Initiative, Vec<Adoption>)>, ServiceError> {
    let f = InitiativeFilter { year, recognised_only: true, ..Default::default() };
    let mut out = Vec::new();
    for i in store.initiatives(&f, vis).await? {
        let a = store.initiative_adoptions(i.id).await?;
        out.push((i, a));
    }
    Ok(out)
}
