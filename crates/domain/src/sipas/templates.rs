//! The built-in questionnaire template, shipped as `data/sipas/mau-sipas.json` and marked
//! "mẫu, chưa xác nhận" (status `template`): the five factors of the 2017 method
//! (METHODOLOGY.md §3.2) with 3 access contents and 4 procedure contents as the 2024
//! results report, "nhận định" questions with skip logic (late result → apology letter; gave
//! feedback → satisfaction with its handling), respondent facts and one open question.
//! The question texts and the "KTL" no-answer code are not confirmed by the 1001/QĐ-BNV
//! appendix.

use super::questionnaire::Questionnaire;

/// The questionnaire template as JSON text.
pub const QUESTIONNAIRE_TEMPLATE: &str = include_str!("../../data/sipas/mau-sipas.json");

/// The questionnaire template, parsed.
pub fn questionnaire_template() -> Result<Questionnaire, serde_json::Error> {
    serde_json::from_str(QUESTIONNAIRE_TEMPLATE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::par::SetStatus;
    use crate::sipas::answers::{validate, AnswerValue, Submission};
    use crate::sipas::formula::formula_template;
    use crate::sipas::index::compute;
    use crate::sipas::questionnaire::{QuestionKind, SectionKind};
    use crate::sipas::validate::validate_questionnaire;

    type Templates = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn the_template_is_valid_flagged_and_has_the_five_factors() -> Templates {
        let q = questionnaire_template()?;
        assert_eq!(validate_questionnaire(&q), vec![]);
        assert_eq!((q.status, q.frozen), (SetStatus::Template, false));
        assert!(q.name.contains("mẫu, chưa xác nhận"), "{}", q.name);
        let factors: Vec<(&str, usize)> = q
            .factors()
            .map(|s| (s.code.as_str(), s.questions.iter().filter(|x| x.kind == QuestionKind::Scale5).count()))
            .collect();
        assert_eq!(factors, vec![("TC", 3), ("TT", 4), ("CC", 5), ("KQ", 2), ("PA", 3)]);
        let titles: Vec<String> = q.factors().map(|s| crate::text::fold(&s.title)).collect();
        for (title, key) in titles.iter().zip(["tiep can", "thu tuc", "cong chuc", "ket qua", "gop y"]) {
            assert!(title.contains(key), "{title} / {key}");
        }
        let kinds: Vec<SectionKind> = q.sections.iter().map(|s| s.kind).collect();
        assert!(kinds.contains(&SectionKind::Respondent) && kinds.contains(&SectionKind::Open));
        Ok(())
    }

    #[test]
    fn the_template_scores_a_respondent() -> Templates {
        let q = questionnaire_template()?;
        let mut sub: Submission = q
            .questions()
            .filter(|(_, x)| x.kind == QuestionKind::Scale5 && x.condition.is_none())
            .map(|(_, x)| (x.code.clone(), AnswerValue::Scale(4)))
            .collect();
        sub.insert("KQ3".into(), AnswerValue::Choice("3".into()));
        sub.insert("PA2".into(), AnswerValue::Choice("2".into()));
        // Late result: the apology question is shown and required.
        let missing = validate(&q, &sub).err().unwrap_or_default();
        assert_eq!(missing.iter().filter_map(|e| e.question()).collect::<Vec<_>>(), vec!["KQ4"]);
        sub.insert("KQ4".into(), AnswerValue::Choice("1".into()));
        let answers = validate(&q, &sub).map_err(|e| format!("{e:?}"))?;
        let result = compute(&q, &formula_template()?, &[answers]).map_err(|e| format!("{e:?}"))?;
        assert_eq!(result.index.percent, Some(crate::par::Points::HUNDRED));
        let pa = result.factor("PA").map(|f| (f.contents, f.contents_with_value));
        assert_eq!(pa, Some((3, 1)), "PA3 and PA4 hidden: no feedback given");
        Ok(())
    }
}
