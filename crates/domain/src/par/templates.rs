//! The built-in templates: one criteria set per known unit group and a classification band
//! set, shipped as JSON in `data/par/` and all marked "mẫu, chưa xác nhận" (status
//! `template`): their structure follows DOMAIN.md §4 and METHODOLOGY.md §1.3 and §2.1, but
//! per-criterion points and the band thresholds are not confirmed by any legal text.
//!
//! - `so-ban-nganh.json`: 7 areas worth 80 points + an area of 20 survey points (Hà Tĩnh
//!   2019 structure).
//! - `ubnd-cap-xa.json`: 8 areas worth 70 points + an area of 30 survey points.
//! - `co-quan-trung-uong.json`: scale 60 = 40 points in 4 areas + 20 survey points.
//! - `tinh-876.json`: the 8 areas of Quyết định 876/QĐ-BNV, 61,5 appraised + 38,5 impact
//!   (SIPAS 10, leaders' survey 22, socio-economic impact 6,5), each criterion with the
//!   department that reports on it.
//! - `xep-loai.json`: Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu below.

use super::bands::BandSet;
use super::criteria::CriteriaSet;

/// The criteria set templates as (file name, JSON text).
pub const CRITERIA_TEMPLATES: [(&str, &str); 4] = [
    ("so-ban-nganh.json", include_str!("../../data/par/so-ban-nganh.json")),
    ("ubnd-cap-xa.json", include_str!("../../data/par/ubnd-cap-xa.json")),
    ("co-quan-trung-uong.json", include_str!("../../data/par/co-quan-trung-uong.json")),
    ("tinh-876.json", include_str!("../../data/par/tinh-876.json")),
];

/// The band set template as JSON text.
pub const BANDS_TEMPLATE: &str = include_str!("../../data/par/xep-loai.json");

/// Every criteria set template, parsed.
pub fn criteria_templates() -> Result<Vec<CriteriaSet>, serde_json::Error> {
    CRITERIA_TEMPLATES.iter().map(|(_, json)| serde_json::from_str(json)).collect()
}

/// The band set template, parsed.
pub fn bands_template() -> Result<BandSet, serde_json::Error> {
    serde_json::from_str(BANDS_TEMPLATE)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::par::criteria::{Component, ComponentShare, SetStatus, UnitGroup};
    use crate::par::export::export_rows;
    use crate::par::points::Points;
    use crate::par::rows::parse_rows;
    use crate::par::score::{compute, Mark};
    use crate::par::validate::validate_set;

    type Templates = Result<(), Box<dyn std::error::Error>>;

    fn p(text: &str) -> Points {
        Points::parse(text).unwrap_or(Points(i64::MIN))
    }

    #[test]
    fn every_template_is_valid_and_flagged() -> Templates {
        let sets = criteria_templates()?;
        type Want = (&'static str, usize, &'static str, Vec<(Component, &'static str)>);
        let want: [Want; 4] = [
            (UnitGroup::DEPARTMENTS, 8, "100", vec![(Component::Appraised, "80"), (Component::Survey, "20")]),
            (UnitGroup::COMMUNES, 9, "100", vec![(Component::Appraised, "70"), (Component::Survey, "30")]),
            (UnitGroup::CENTRAL, 5, "60", vec![(Component::Appraised, "40"), (Component::Survey, "20")]),
            (
                UnitGroup::PROVINCE_876,
                8,
                "100",
                vec![
                    (Component::Appraised, "61,5"),
                    (Component::Sipas, "10"),
                    (Component::LeaderSurvey, "22"),
                    (Component::Impact, "6,5"),
                ],
            ),
        ];
        assert_eq!(sets.len(), want.len());
        for (set, (group, areas, total, components)) in sets.iter().zip(want) {
            assert_eq!(validate_set(set), vec![], "{}", set.code);
            assert_eq!(set.group, UnitGroup::new(group));
            assert_eq!((set.status, set.frozen), (SetStatus::Template, false), "{}", set.code);
            assert!(set.name.contains("mẫu, chưa xác nhận"), "{}", set.name);
            assert_eq!((set.areas.len(), set.total), (areas, p(total)), "{}", set.code);
            let shares: Vec<ComponentShare> =
                components.into_iter().map(|(component, pts)| ComponentShare { component, points: p(pts) }).collect();
            assert_eq!(set.component_totals(), shares, "{}", set.code);
        }
        Ok(())
    }

    #[test]
    fn the_876_template_has_the_eight_areas_and_owners() -> Templates {
        let sets = criteria_templates()?;
        let set = sets.iter().find(|s| s.group.0 == UnitGroup::PROVINCE_876).ok_or("no 876 template")?;
        let names: Vec<&str> = set.areas.iter().map(|a| a.name.as_str()).collect();
        let folded: Vec<String> = names.iter().map(|n| crate::text::fold(n)).collect();
        let keys = [
            "chi dao, dieu hanh",
            "the che",
            "thu tuc hanh chinh",
            "to chuc bo may",
            "che do cong vu",
            "tai chinh cong",
            "chinh quyen so",
            "tac dong",
        ];
        for (name, key) in folded.iter().zip(keys) {
            assert!(name.contains(key), "{name} / {key}");
        }
        assert!(set.leaves().iter().all(|r| r.node.owner.is_some()), "every 876 criterion has a reporting department");
        assert!(set.leaves().iter().any(|r| r.node.live.is_some()));
        Ok(())
    }

    #[test]
    fn templates_round_trip_through_rows_and_score_full_marks() -> Templates {
        for set in criteria_templates()? {
            let rows: Vec<(u32, Vec<String>)> = export_rows(&set).into_iter().zip(1..).map(|(r, n)| (n, r)).collect();
            let parsed = parse_rows(&rows);
            assert_eq!(parsed.problems, vec![], "{}", set.code);
            let back = CriteriaSet { areas: parsed.areas, ..set.clone() };
            assert_eq!(back.component_totals(), set.component_totals(), "{}", set.code);
            let full: BTreeMap<String, Mark> =
                set.leaves().iter().map(|r| (r.node.code.clone(), Mark::Points(r.node.max))).collect();
            let result = compute(&back, &full, Some(&bands_template()?)).map_err(|e| format!("{e:?}"))?;
            assert_eq!((result.index, result.class.as_deref()), (Some(Points::HUNDRED), Some("Tốt")), "{}", set.code);
        }
        Ok(())
    }

    #[test]
    fn the_band_template_is_valid_and_flagged() -> Templates {
        let bands = bands_template()?;
        assert_eq!(bands.problems(), Vec::<String>::new());
        assert_eq!(bands.status, SetStatus::Template);
        let labels: Vec<&str> = [p("80"), p("79,99"), p("70"), p("50"), p("49,99")]
            .iter()
            .filter_map(|i| bands.classify(*i).map(|b| b.label.as_str()))
            .collect();
        assert_eq!(labels, vec!["Tốt", "Khá", "Khá", "Trung bình", "Yếu"]);
        Ok(())
    }
}
