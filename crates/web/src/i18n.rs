//! Vietnamese first, with an English switch. Templates write their text in Vietnamese and
//! wrap it in `t("…")`; in English the phrase is looked up in the catalogue below, and a
//! test checks that every phrase used in a template has an English entry.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `en` means English; anything else Vietnamese.
    pub fn parse(s: &str) -> Lang {
        if s.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// The phrase in `lang` (Vietnamese phrases are their own keys).
pub fn translate(lang: Lang, vi: &str) -> &str {
    match lang {
        Lang::Vi => vi,
        Lang::En => english().get(vi).copied().unwrap_or(vi),
    }
}

fn english() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        crate::i18n_en::PAIRS
            .iter()
            .chain(crate::i18n_en_par::PAIRS)
            .chain(crate::i18n_en_sipas::PAIRS)
            .chain(crate::i18n_en_sipas_office::PAIRS)
            .chain(crate::i18n_en_sipas_public::PAIRS)
            .chain(crate::i18n_en_ui::PAIRS)
            .chain(crate::i18n_en_tracking::PAIRS)
            .chain(crate::i18n_en_inspections::PAIRS)
            .chain(crate::i18n_en_insp_followup::PAIRS)
            .chain(crate::i18n_en_initiatives::PAIRS)
            .chain(crate::i18n_en_api::PAIRS)
            .chain(crate::i18n_en_escalation::PAIRS)
            .chain(crate::i18n_en_signoff::PAIRS)
            .chain(crate::i18n_en_signoff::ADHOC)
            .chain(crate::i18n_en_dashboard::PAIRS)
            .chain(crate::i18n_en_tasklist::PAIRS)
            .chain(crate::i18n_en_unit_plans::PAIRS)
            .copied()
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t("…")` phrase in every template has an English translation.
    #[test]
    fn templates_are_fully_translated() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap_or_else(|e| panic!("{e}")).flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for chunk in text.split("t(\"").skip(1) {
                    let Some(end) = chunk.find("\")") else { continue };
                    let key = &chunk[..end];
                    if !english().contains_key(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing English for:\n{}", missing.join("\n"));
    }

    #[test]
    fn falls_back_to_vietnamese() {
        assert_eq!(translate(Lang::En, "Đăng nhập"), "Log in");
        assert_eq!(translate(Lang::Vi, "Đăng nhập"), "Đăng nhập");
        assert_eq!(translate(Lang::En, "chưa dịch"), "chưa dịch");
        assert_eq!(Lang::parse("EN"), Lang::En);
        assert_eq!(Lang::parse("fr"), Lang::Vi);
    }
}
