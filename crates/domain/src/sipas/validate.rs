//! Validation of a questionnaire: every problem at once, each with the question or section
//! code and the source row, so an imported XLSX can be corrected in one pass. Problems use
//! the PAR [`Problem`] type (errors block adoption, warnings are shown).
//!
//! Weights are bounded (0 to [`MAX_WEIGHT`]) so that the index means stay exact in 64 bits.

use std::collections::BTreeMap;

use crate::par::{Points, Problem, Severity};

use super::questionnaire::{Question, QuestionKind, Questionnaire, Section, SectionKind};

/// The largest weight a section or question may have.
pub const MAX_WEIGHT: Points = Points::whole(1000);

/// True when `code` is a usable code: non-empty, letters, digits, `-`, `_`, `.` only.
pub fn is_code(code: &str) -> bool {
    !code.is_empty() && code.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A problem on a row and code (the PAR [`Problem`] without a criteria node).
pub(crate) fn problem(severity: Severity, row: Option<u32>, code: Option<&str>, message: String) -> Problem {
    Problem { severity, row, code: code.map(str::to_string), message }
}

fn on_question(q: &Question, message: String) -> Problem {
    problem(Severity::Error, q.source_row, Some(&q.code), message)
}

fn on_section(s: &Section, severity: Severity, message: String) -> Problem {
    problem(severity, s.source_row, Some(&s.code), message)
}

/// Every problem of `q`, in document order, questionnaire-level problems last.
pub fn validate_questionnaire(q: &Questionnaire) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, Option<u32>> = BTreeMap::new();
    let section_codes: Vec<&str> = q.sections.iter().map(|s| s.code.as_str()).collect();
    for (i, s) in q.sections.iter().enumerate() {
        if section_codes[..i].contains(&s.code.as_str()) {
            out.push(on_section(s, Severity::Error, format!("Mã phần {} bị trùng.", s.code)));
        }
        check_section(s, &mut out);
        for question in &s.questions {
            let code = question.code.as_str();
            if let Some(first) = seen.get(code) {
                let at = first.map(|row| format!(" (đã có ở dòng {row})")).unwrap_or_default();
                out.push(on_question(question, format!("Mã câu hỏi {code} bị trùng{at}.")));
            } else {
                seen.insert(code, question.source_row);
            }
            if section_codes.contains(&code) {
                out.push(on_question(question, format!("Mã câu hỏi {code} trùng với mã một phần của phiếu.")));
            }
            check_question(question, s.kind, &mut out);
            check_condition(q, question, &mut out);
        }
    }
    check_header(q, &mut out);
    out
}

fn check_section(s: &Section, out: &mut Vec<Problem>) {
    let code = &s.code;
    if !is_code(code) {
        out.push(on_section(s, Severity::Error, format!("Mã phần «{code}» không hợp lệ (chỉ dùng chữ, số, - _ .).")));
    }
    if s.title.trim().is_empty() {
        out.push(on_section(s, Severity::Error, format!("Phần {code} chưa có tên.")));
    }
    if s.questions.is_empty() {
        out.push(on_section(s, Severity::Error, format!("Phần {code} chưa có câu hỏi nào.")));
    }
    let has_scale = s.questions.iter().any(|q| q.kind == QuestionKind::Scale5);
    match s.kind {
        SectionKind::Factor => {
            if !has_scale {
                let message = format!("Yếu tố {code} không có câu hỏi thang 5 mức nên không tính được chỉ số.");
                out.push(on_section(s, Severity::Error, message));
            }
            check_weight(s.weight, &format!("Trọng số của yếu tố {code}"), |m| {
                out.push(on_section(s, Severity::Error, m));
            });
            if s.weight == Points::ZERO {
                let message = format!("Yếu tố {code} có trọng số 0: không được tính khi lấy bình quân có trọng số.");
                out.push(on_section(s, Severity::Warning, message));
            }
        }
        SectionKind::Respondent | SectionKind::Open if has_scale => {
            let message =
                format!("Phần {code} không phải yếu tố: câu hỏi thang 5 mức ở đây không được tính vào chỉ số.");
            out.push(on_section(s, Severity::Warning, message));
        }
        SectionKind::Respondent | SectionKind::Open => {}
    }
}

fn check_weight(weight: Points, what: &str, mut push: impl FnMut(String)) {
    if weight < Points::ZERO {
        push(format!("{what} không được âm (đang là {weight})."));
    } else if weight > MAX_WEIGHT {
        push(format!("{what} không được lớn hơn {MAX_WEIGHT} (đang là {weight})."));
    }
}

fn check_question(q: &Question, section: SectionKind, out: &mut Vec<Problem>) {
    let code = &q.code;
    if !is_code(code) {
        out.push(on_question(q, format!("Mã câu hỏi «{code}» không hợp lệ (chỉ dùng chữ, số, - _ .).")));
    }
    if q.text.trim().is_empty() {
        out.push(on_question(q, format!("Câu {code} chưa có nội dung.")));
    }
    check_weight(q.weight, &format!("Trọng số câu {code}"), |m| out.push(on_question(q, m)));
    if section == SectionKind::Factor && q.kind == QuestionKind::Scale5 && q.weight == Points::ZERO {
        let message = format!("Câu {code} có trọng số 0: không được tính khi lấy bình quân có trọng số.");
        out.push(problem(Severity::Warning, q.source_row, Some(code), message));
    }
    let mut option_codes: Vec<&str> = Vec::new();
    match &q.kind {
        QuestionKind::Scale5 => {}
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            if options.is_empty() {
                out.push(on_question(q, format!("Câu {code} chưa có lựa chọn nào.")));
            }
            for o in options {
                if !is_code(&o.code) {
                    out.push(on_question(q, format!("Câu {code}: mã lựa chọn «{}» không hợp lệ.", o.code)));
                } else if option_codes.contains(&o.code.as_str()) {
                    out.push(on_question(q, format!("Câu {code}: mã lựa chọn {} bị trùng.", o.code)));
                }
                if o.label.trim().is_empty() {
                    out.push(on_question(q, format!("Câu {code}: lựa chọn {} chưa có nội dung.", o.code)));
                }
                option_codes.push(&o.code);
            }
        }
        QuestionKind::Number { min, max } => {
            if let (Some(lo), Some(hi)) = (min, max) {
                if lo > hi {
                    out.push(on_question(
                        q,
                        format!("Câu {code}: giá trị nhỏ nhất {lo} lớn hơn giá trị lớn nhất {hi}."),
                    ));
                }
            }
        }
        QuestionKind::Text { max_len } => {
            if *max_len == 0 {
                out.push(on_question(q, format!("Câu {code}: độ dài tối đa phải lớn hơn 0.")));
            }
        }
    }
    if let Some(na) = &q.no_answer {
        check_no_answer(q, na, &option_codes, out);
    }
}

fn check_no_answer(q: &Question, na: &str, option_codes: &[&str], out: &mut Vec<Problem>) {
    let code = &q.code;
    let folded = crate::text::fold(na);
    let clash = match &q.kind {
        QuestionKind::Scale5 => (1..=5).any(|v: u8| v.to_string() == na.trim()),
        QuestionKind::Number { .. } => na.trim().parse::<i64>().is_ok(),
        QuestionKind::Text { .. } => {
            out.push(on_question(q, format!("Câu {code}: câu trả lời tự do không có lựa chọn «không trả lời».")));
            false
        }
        _ => option_codes.iter().any(|c| crate::text::fold(c) == folded),
    };
    if !is_code(na) {
        out.push(on_question(q, format!("Câu {code}: mã «không trả lời» «{na}» không hợp lệ.")));
    } else if clash {
        out.push(on_question(q, format!("Câu {code}: mã «không trả lời» {na} trùng với một câu trả lời.")));
    }
}

fn check_condition(q: &Questionnaire, question: &Question, out: &mut Vec<Problem>) {
    let Some(cond) = &question.condition else { return };
    let code = &question.code;
    let positions = q.positions();
    let (Some(&at), Some(&own)) = (positions.get(cond.question.as_str()), positions.get(code.as_str())) else {
        out.push(on_question(
            question,
            format!("Câu {code}: điều kiện dựa vào câu {} không có trong phiếu.", cond.question),
        ));
        return;
    };
    if at >= own {
        let message =
            format!("Câu {code}: điều kiện phải dựa vào một câu đứng trước (câu {} đứng sau).", cond.question);
        out.push(on_question(question, message));
        return;
    }
    let Some(target) = q.question(&cond.question) else { return };
    let Some(mut allowed) = target.kind.condition_codes() else {
        let message = format!(
            "Câu {code}: điều kiện chỉ dựa được vào câu thang 5 mức hoặc câu lựa chọn (câu {} là {}).",
            cond.question,
            target.kind.label_vi().to_lowercase()
        );
        out.push(on_question(question, message));
        return;
    };
    allowed.extend(target.no_answer.clone());
    if cond.any_of.is_empty() {
        out.push(on_question(question, format!("Câu {code}: điều kiện chưa nêu câu trả lời nào.")));
    }
    for value in cond.any_of.iter().filter(|v| !allowed.contains(v)) {
        let message = format!("Câu {code}: điều kiện nêu «{value}», câu {} không có câu trả lời này.", cond.question);
        out.push(on_question(question, message));
    }
}

fn check_header(q: &Questionnaire, out: &mut Vec<Problem>) {
    let mut push = |m: &str| out.push(problem(Severity::Error, None, None, m.to_string()));
    if q.code.trim().is_empty() {
        push("Phiếu khảo sát chưa có mã.");
    }
    if q.name.trim().is_empty() {
        push("Phiếu khảo sát chưa có tên.");
    }
    if q.effective_to.is_some_and(|to| to < q.effective_from) {
        push("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.");
    }
    if q.factors().next().is_none() {
        push("Phiếu khảo sát chưa có yếu tố nào để tính chỉ số.");
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
