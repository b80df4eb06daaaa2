//! Procedure-simplification plans written as prose (phương án đơn giản hóa TTHC): each
//! `N. Thủ tục: …` block is a task holding the procedure, its proposed change and the act to
//! amend; its deadline is the block's own `Lộ trình thực hiện:` / `Thời gian thực hiện:` and its
//! lead the block's `Cơ quan thực hiện:`, or else the one agency the decision assigns to carry
//! out the plan (`Bộ Xây dựng chủ trì … thực thi phương án đơn giản hóa …`). Nothing else is
//! assumed: a block without a roadmap has no deadline.

use cchc_domain::deadline::{applicable, find_deadlines, parse_deadline, Deadline};
use cchc_domain::plan::{Assignment, PlanTask};
use cchc_domain::text::fold;

use crate::blocks::Para;
use crate::lines::clean;
use crate::numbering::{leading_code, roman_value};
use crate::prose_actor::{field, Field};

/// The procedure named by a `N. Thủ tục: …` line, and its number.
fn procedure_line(text: &str) -> Option<(String, String)> {
    let (code, rest) = leading_code(text)?;
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let f = crate::lines::fold_start(rest, 12);
    let name = f.starts_with("thu tuc:").then(|| rest.split_once(':').map(|(_, n)| n)).flatten()?;
    Some((code, clean(name)))
}

/// The agency a decision assigns to carry out its simplification plan, when there is one.
fn plan_implementer(tasks: &[PlanTask]) -> Option<String> {
    let mut leads: Vec<&str> = tasks
        .iter()
        .filter(|t| {
            let f = fold(&t.title);
            f.contains("phuong an don gian hoa") && (f.contains("thuc thi") || f.contains("thuc hien phuong an"))
        })
        .map(|t| t.lead.text.as_str())
        .filter(|l| !l.trim().is_empty())
        .collect();
    leads.dedup();
    (leads.len() == 1).then(|| leads[0].to_string())
}

/// Tasks of the `Thủ tục: …` blocks in `paras`; `assigned` are the tasks read from the decision.
pub fn procedures(paras: &[Para], assigned: &[PlanTask], year: Option<i32>) -> Vec<PlanTask> {
    let implementer = plan_implementer(assigned);
    let mut out: Vec<PlanTask> = Vec::new();
    let mut area: Option<String> = None;
    let mut open = false;
    for p in paras {
        let text = p.text.trim();
        if let Some((code, name)) = procedure_line(text) {
            out.push(new_task(code, &name, area.clone(), implementer.as_deref(), p));
            open = true;
            continue;
        }
        if let Some((c, _)) = leading_code(text).filter(|(c, _)| roman_value(c).is_some()) {
            area = Some(c);
            open = false;
            continue;
        }
        if crate::lines::fold_start(text, 10).starts_with("phu luc") {
            open = false;
        }
        let Some(task) = out.last_mut().filter(|_| open) else {
            continue;
        };
        task.source = task.source.merge(&p.source);
        let rest = leading_code(text).map_or(text, |(_, r)| r);
        match field(rest) {
            Some((Field::Deadline, value)) => {
                let found = find_deadlines(&value, year);
                task.deadline = applicable(&found).map_or_else(|| parse_deadline(&value, year), |m| m.deadline.clone());
                task.milestones = vec![task.deadline.clone()];
            }
            Some((Field::Lead, value)) => task.lead = Assignment::new(&value),
            Some((Field::Coordinating, value)) => task.coordinating = Assignment::new(&value),
            _ => task.title = format!("{}\n{}", task.title, clean(text)),
        }
    }
    out
}

fn new_task(code: String, name: &str, area: Option<String>, lead: Option<&str>, p: &Para) -> PlanTask {
    PlanTask {
        code,
        parent: None,
        after: None,
        area,
        objective: None,
        title: format!("Thủ tục: {name}"),
        activities: Vec::new(),
        outputs: Vec::new(),
        lead: Assignment::new(lead.unwrap_or_default()),
        coordinating: Assignment::default(),
        deadline: Deadline::unspecified(""),
        milestones: Vec::new(),
        budget: cchc_domain::budget::parse_budget("", cchc_domain::budget::AmountUnit::Million),
        source: p.source.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_domain::plan::Source;

    fn para(i: usize, t: &str) -> Para {
        Para { text: t.to_string(), source: Source::lines(i, i), emphasized: false }
    }

    #[test]
    fn blocks_with_and_without_roadmap() {
        let paras: Vec<Para> = [
            "I. LĨNH VỰC ĐĂNG KIỂM",
            "1. Thủ tục: Cấp lại giấy chứng nhận (mã TTHC: 1.001236)",
            "a) Nội dung đơn giản hóa",
            "Rút ngắn thời gian giải quyết; Bộ Công an hướng dẫn chia sẻ dữ liệu.",
            "c) Lộ trình thực hiện: Năm 2026.",
            "2. Thủ tục: Phê duyệt hồ sơ thiết kế",
            "b) Kiến nghị thực thi",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| para(i + 1, t))
        .collect();
        let got = procedures(&paras, &[], Some(2025));
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].area.as_deref(), got[0].deadline.due),
            (Some("I"), chrono::NaiveDate::from_ymd_opt(2026, 12, 31))
        );
        assert!(got[0].lead.is_empty(), "no decision names who carries it out");
        assert_eq!(got[1].deadline.due, None);
    }
}
