//! Targets measured by index 766: the office links a plan target to the index-766 indicator
//! that measures it ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%" ↔ TD1), or to the 766 score,
//! and the attainment of that target then takes each unit's figure from its dossiers in the
//! matching period instead of waiting for the unit to type it. The link belongs to the
//! document's identity and the target's code, so a revised plan keeps it.

use std::collections::{BTreeMap, HashMap, HashSet};

use cchc_domain::period::PeriodKey;
use cchc_domain::plan::DocumentId;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::Store;
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::kpi::service::{Computed, KpiService};

/// The link to the 766 score itself (points out of 100) rather than to one indicator.
pub const SCORE: &str = "SCORE";

/// An indicator a target may be linked to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorChoice {
    pub code: String,
    pub name: String,
}

/// The 766 score, then every indicator of every stored methodology version (by code, the
/// latest version's name; the shipped methodology before any is stored), in code order.
pub async fn choices(store: &dyn Store) -> Result<Vec<IndicatorChoice>, ServiceError> {
    let mut by_code: BTreeMap<String, String> = BTreeMap::new();
    let mut versions: Vec<_> = store.methodologies().await?.into_iter().map(|m| m.methodology).collect();
    if versions.is_empty() {
        versions.push(
            cchc_domain::kpi::methodology::Methodology::default_766()
                .map_err(|e| ServiceError::Internal(e.to_string()))?,
        );
    }
    versions.sort_by_key(|m| m.effective_from);
    for v in versions {
        for i in v.indicators {
            by_code.insert(i.code, i.name);
        }
    }
    let score = IndicatorChoice { code: SCORE.into(), name: "Điểm Chỉ số 766 (thang 100)".into() };
    Ok(std::iter::once(score).chain(by_code.into_iter().map(|(code, name)| IndicatorChoice { code, name })).collect())
}

/// Links target `code` of `document` to `indicator` (blank unlinks), checked against
/// [`choices`]; audited by the store.
pub async fn link(
    store: &dyn Store,
    actor: &Actor,
    document: DocumentId,
    code: &str,
    indicator: &str,
) -> Result<(), ServiceError> {
    let indicator = indicator.trim();
    if indicator.is_empty() {
        store.set_target_indicator(actor, document, code, None).await?;
        return Ok(());
    }
    if !choices(store).await?.iter().any(|c| c.code == indicator) {
        let mut errs = FieldErrors::default();
        errs.add("indicator", format!("Chỉ số «{indicator}» không có trong phương pháp tính Chỉ số 766."));
        return Err(ServiceError::Invalid(errs));
    }
    store.set_target_indicator(actor, document, code, Some(indicator)).await?;
    Ok(())
}

/// What index 766 measured in one period: indicator (or [`SCORE`]) → unit code → value
/// (percent for an indicator, points out of 100 for the score). Units without dossiers
/// counted by the indicator have no value (missing, not zero).
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// The index-766 period, e.g. `2026-Q3`, and its label.
    pub period: String,
    pub period_label: String,
    pub names: HashMap<String, String>,
    pub values: HashMap<String, HashMap<String, f64>>,
}

impl Measured {
    /// A unit's value of an indicator.
    pub fn value(&self, indicator: &str, unit_code: &str) -> Option<f64> {
        self.values.get(indicator).and_then(|m| m.get(unit_code)).copied()
    }
}

/// Reads the wanted indicators of every unit for `period` from the computed 766 results.
pub fn measure(c: &mut Computed<'_>, period: PeriodKey, wanted: &HashSet<String>) -> Measured {
    let mut out = Measured { period: period.to_string(), period_label: period.label_vi(), ..Default::default() };
    let Some((m, report)) = c.for_period(period) else { return out };
    for i in &m.indicators {
        if wanted.contains(&i.code) {
            out.names.insert(i.code.clone(), i.name.clone());
        }
    }
    out.names.insert(SCORE.into(), "Điểm Chỉ số 766".into());
    for r in report.results.iter().filter(|r| r.period == period) {
        for w in wanted {
            let v = if w == SCORE {
                r.score
            } else {
                r.indicator(w).filter(|v| v.denominator > 0).and_then(|v| v.ratio).map(|x| x * 100.0)
            };
            if let Some(v) = v {
                out.values.entry(w.clone()).or_default().insert(r.unit.clone(), v);
            }
        }
    }
    out
}

/// Links every unlinked target of the province's active plans whose wording [`suggest`]s an
/// indicator (the demo does this; the office does it target by target on the plan page).
/// Returns how many were linked.
pub async fn link_suggested(store: &dyn Store, actor: &Actor) -> Result<usize, ServiceError> {
    let known = choices(store).await?;
    let existing = links(store).await?;
    let mut n = 0;
    for doc in store.list_documents(false).await?.into_iter().filter(|d| d.owner_unit_id.is_none()) {
        let identity = doc.meta.identity();
        for t in store.list_targets(doc.id).await? {
            if existing.contains_key(&(identity.clone(), t.target.code.clone())) {
                continue;
            }
            let wording = format!("{} {}", t.target.text, t.target.target_text.as_deref().unwrap_or_default());
            if let Some(s) = suggest(&wording).filter(|s| known.iter().any(|k| k.code == *s)) {
                store.set_target_indicator(actor, doc.id, &t.target.code, Some(s)).await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// The links in force, keyed by (document identity, target code).
pub async fn links(store: &dyn Store) -> Result<HashMap<(String, String), String>, ServiceError> {
    Ok(store.target_indicators().await?.into_iter().map(|l| ((l.identity, l.target_code), l.indicator)).collect())
}

/// The 766 figures of the linked indicators for a reporting period, when the period matches
/// an index-766 period and any target is linked. A failure of the 766 engine leaves the
/// attainment to the reported figures (logged), rather than failing the page.
pub async fn for_period(
    kpi: &KpiService,
    links: &HashMap<(String, String), String>,
    period: &cchc_domain::tracking::Period,
) -> Option<Measured> {
    let key = period.period_key()?;
    let wanted: HashSet<String> = links.values().cloned().collect();
    if wanted.is_empty() {
        return None;
    }
    match kpi.compute(crate::kpi::now_local(), move |c| measure(c, key, &wanted)).await {
        Ok(m) => Some(m),
        Err(e) => {
            tracing::warn!(error = %e, "index 766 not computed for target attainment");
            None
        }
    }
}

/// The indicator of the default 766 methodology a target's wording most likely speaks of, for
/// the plan page to suggest (the office decides): on-time handling, full online service,
/// online submission, online payment, digitised dossiers, electronic results, satisfaction.
/// A target naming several (a compound target) gets the one it names first.
pub fn suggest(wording: &str) -> Option<&'static str> {
    let (scale, _) = cchc_domain::tracking::classify_target(wording);
    let w = cchc_domain::text::fold(wording);
    let procedures = w.contains("thu tuc") || w.contains("tthc");
    if scale != cchc_domain::tracking::TargetScale::Rate
        || !(w.contains("ho so") || w.contains("dich vu cong") || procedures)
    {
        return None;
    }
    let payment = if procedures && !w.contains("giao dich thanh toan") { "TTTT1" } else { "TTTT2" };
    let patterns: [(&str, &'static str); 7] = [
        ("thanh toan truc tuyen", payment),
        ("toan trinh", "TT1"),
        ("ket qua dien tu", "SH1"),
        ("so hoa", "SH2"),
        ("dung han", "TD1"),
        ("truoc han", "TD1"),
        ("truc tuyen", "TT2"),
    ];
    let mut best: Option<(usize, &'static str)> = None;
    let mut consider = |at: usize, code: &'static str| {
        if best.is_none_or(|(b, _)| at < b) {
            best = Some((at, code));
        }
    };
    for (phrase, code) in patterns {
        for (at, _) in w.match_indices(phrase) {
            // "trực tuyến" of "thanh toán trực tuyến" or "trực tuyến toàn trình" is theirs.
            let generic = phrase == "truc tuyen";
            if generic && (w[..at].ends_with("thanh toan ") || w[at + phrase.len()..].starts_with(" toan trinh")) {
                continue;
            }
            consider(at, code);
            break;
        }
    }
    if procedures {
        if let Some(at) = w.find("hai long") {
            consider(at, "HL2");
        }
    }
    best.map(|(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn wording_suggests_the_indicator() {
        let cases = [
            ("Tỷ lệ hồ sơ TTHC giải quyết đúng hạn đạt trên 98%", Some("TD1")),
            ("100% TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình", Some("TT1")),
            ("Tỷ lệ hồ sơ nộp trực tuyến đạt 50%", Some("TT2")),
            ("Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch thanh toán của dịch vụ công 100%", Some("TTTT2")),
            ("Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch thanh toán của hồ sơ TTHC đạt 45%", Some("TTTT2")),
            ("Tỷ lệ TTHC được cung cấp dịch vụ thanh toán trực tuyến phát sinh giao dịch trực tuyến 100%", Some("TTTT1")),
            ("100% hồ sơ TTHC được số hóa", Some("SH2")),
            ("100% kết quả giải quyết TTHC được cấp kết quả điện tử", Some("SH1")),
            ("Mức độ hài lòng của người dân về giải quyết thủ tục hành chính đạt trên 90%", Some("HL2")),
            ("100% cơ quan được đánh giá mức độ hài lòng về sự phục vụ hành chính", None),
            ("Chỉ số hài lòng của người dân (SIPAS) trong nhóm 20 địa phương dẫn đầu", None),
            ("100% cơ quan ban hành kế hoạch CCHC năm", None),
            ("Hoàn thành đúng hạn 100% nhiệm vụ", None),
            (
                "Tỷ lệ TTHC đủ điều kiện được triển khai dịch vụ công trực tuyến toàn trình đạt 100%. Tỷ lệ thanh toán trực tuyến đạt 80%",
                Some("TT1"),
            ),
            ("Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ đạt 70%; tỷ lệ số hóa hồ sơ đạt 90%", Some("TT2")),
        ];
        for (text, want) in cases {
            assert_eq!(suggest(text), want, "{text}");
        }
    }
}
