//! Tests of the open-answer search: diacritic-insensitive words, newest first, pages.

use std::collections::BTreeMap;

use cchc_domain::par::SetStatus;
use cchc_domain::sipas::{Question, Questionnaire, Section, SectionKind};
use cchc_storage::model_sipas::Channel;
use chrono::{TimeZone, Utc};

use super::*;

fn questionnaire() -> Questionnaire {
    let mut factor = Section::new("TC", "Tiếp cận", SectionKind::Factor);
    factor.questions.push(Question::new("TC1", "Biển chỉ dẫn", QuestionKind::Scale5));
    let mut open = Section::new("M", "Câu hỏi mở", SectionKind::Open);
    open.questions.push(Question::new("M1", "Góp ý", QuestionKind::Text { max_len: 500 }));
    open.questions.push(Question::new("M2", "Đề xuất", QuestionKind::Text { max_len: 500 }));
    Questionnaire {
        code: "q".into(),
        name: "Q".into(),
        version: 1,
        effective_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        effective_to: None,
        status: SetStatus::Template,
        frozen: true,
        source: String::new(),
        sections: vec![factor, open],
    }
}

/// Response `id` of unit `unit`, received `id` hours after 31/12/2025 20:00 UTC.
fn response(id: i64, unit: UnitId, texts: &[(&str, &str)]) -> StoredResponse {
    let mut answers: BTreeMap<String, AnswerValue> =
        texts.iter().map(|(c, t)| (c.to_string(), AnswerValue::Text(t.to_string()))).collect();
    answers.insert("TC1".into(), AnswerValue::Scale(4));
    StoredResponse {
        id,
        unit_id: unit,
        channel: Channel::Web,
        answers: NormalisedAnswers { answers, dropped_hidden: Vec::new() },
        created_at: Utc.with_ymd_and_hms(2025, 12, 31, 20, 0, 0).single().unwrap_or_default()
            + chrono::Duration::hours(id),
    }
}

#[test]
fn words_match_without_diacritics_newest_first() {
    let names = vec![(1, "Sở Tư pháp".to_string()), (2, "UBND xã A".to_string())];
    let responses = vec![
        response(1, 1, &[("M1", "Cán bộ hướng dẫn tận tình")]),
        response(2, 2, &[("M1", "Thủ tục còn rườm rà"), ("M2", "Nên có thêm cán bộ trực")]),
        // NFD input folds the same way.
        response(3, 1, &[("M2", "Ca\u{301}n bo\u{323}\u{302} nhiệt tình")]),
    ];
    let q = questionnaire();
    type Case = (&'static str, Vec<(i64, &'static str)>);
    let cases: Vec<Case> = vec![
        ("can bo", vec![(1, "M2"), (2, "M2"), (1, "M1")]),
        ("CÁN BỘ tình", vec![(1, "M2"), (1, "M1")]),
        ("ruom ra", vec![(2, "M1")]),
        ("khong co", vec![]),
        ("", vec![(1, "M2"), (2, "M1"), (2, "M2"), (1, "M1")]),
    ];
    for (query, want) in cases {
        let page = search_open(&q, &names, &responses, query, 1);
        let got: Vec<(i64, &str)> = page.items.iter().map(|a| (a.unit_id, a.question.as_str())).collect();
        assert_eq!(got, want, "{query}");
        assert_eq!(page.total, want.len());
    }
    let first = &search_open(&q, &names, &responses, "ruom ra", 1).items[0];
    assert_eq!((first.unit_name.as_str(), first.question_text.as_str()), ("UBND xã A", "Góp ý"));
    // 31/12/2025 20:00 UTC + 2 h is 01/01/2026 05:00 in Vietnam.
    assert_eq!(first.received, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
}

#[test]
fn pages_of_twenty_clamped() {
    let names = vec![(1, "Sở Tư pháp".to_string())];
    let responses: Vec<StoredResponse> = (1..=45).map(|i| response(i, 1, &[("M1", "góp ý")])).collect();
    let q = questionnaire();
    // 45 answers: pages of 20, 20 and 5; out-of-range pages go to the nearest one.
    let cases = [(1, 20, 1, 45), (2, 20, 2, 25), (3, 5, 3, 5), (9, 5, 3, 5), (0, 20, 1, 45)];
    for (asked, len, page, first_id) in cases {
        let p = search_open(&q, &names, &responses, "gop y", asked);
        assert_eq!((p.items.len(), p.page, p.pages, p.total), (len, page, 3, 45), "page {asked}");
        let first = p.items[0].received;
        let want = cchc_domain::vn_time::day(response(first_id, 1, &[]).created_at);
        assert_eq!(first, want, "page {asked}");
    }
    let none = search_open(&q, &names, &[], "x", 4);
    assert_eq!((none.items.len(), none.page, none.pages, none.total), (0, 1, 1, 0));
}
