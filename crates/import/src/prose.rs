//! Assignments of a conclusion notice: paragraphs that start with the assigned agencies and a
//! colon (`Sở Tài chính: …`), or with an agency and its duty (`Bộ Tư pháp có trách nhiệm …`),
//! `Giao …` / `Yêu cầu …` sentences, bullet items under an agency heading, and follow-up steps
//! (`Trên cơ sở đó, Bộ Tư pháp tổng hợp …`). Deadlines are found inside the text.

use cchc_domain::budget::Budget;
use cchc_domain::deadline::{applicable, find_deadlines, Deadline};
use cchc_domain::text::fold;

use crate::lines::clean;

use crate::agency::{leading_agency, starts_with_agency};
use crate::blocks::Para;
use crate::model::{AgencyRef, Task, Warning, WarningCode};
use crate::numbering::leading_code;
use crate::source::Source;

/// What the prose yielded.
#[derive(Debug, Default)]
pub struct ProseOut {
    pub tasks: Vec<Task>,
    pub warnings: Vec<Warning>,
}

const CONNECTIVES: [&str; 12] = [
    "tren co so",
    "sau khi",
    "sau do",
    "can cu",
    "dong thoi",
    "ve",
    "de",
    "theo do",
    "doi voi",
    "trong do",
    "ngoai ra",
    "tiep theo",
];

/// Whether folded text starts with a connective clause (`Trên cơ sở …,`, `Về …,`).
fn starts_connective(f: &str) -> bool {
    CONNECTIVES.iter().any(|c| f.starts_with(c) && f[c.len()..].chars().next().is_none_or(|n| !n.is_alphanumeric()))
}
const WEAK: [&str; 5] = ["đã", "đang", "là", "được", "sẽ"];

/// The agency a sentence assigns work to, and where its duty starts.
pub fn find_actor(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(a) = directive(t) {
        return Some(a);
    }
    let l = crate::lines::prefix(t, 12).to_lowercase();
    for trigger in ["giao ", "yêu cầu ", "đề nghị "] {
        if l.starts_with(trigger) {
            let rest_orig = t.get(trigger.len()..).unwrap_or_default();
            if let Some(a) = directive(rest_orig) {
                return Some(a);
            }
        }
    }
    let f = crate::lines::fold_start(t, 40);
    let sentence_end = t.find(". ").unwrap_or(t.len());
    let first = &t[..sentence_end];
    let connective = starts_connective(&f);
    let mut found = None;
    for (i, _) in first.match_indices([',', ' ']) {
        let after = &first[i + 1..];
        let trimmed = after.trim_start();
        let maybe_trigger = trimmed.starts_with(['g', 'G', 'y', 'Y']);
        let al = if maybe_trigger { crate::lines::prefix(trimmed, 10).to_lowercase() } else { String::new() };
        let via_trigger = ["giao ", "yêu cầu "].iter().find(|tr| al.starts_with(**tr)).map(|tr| tr.len());
        let candidate = match via_trigger {
            Some(len) => trimmed.get(len..).unwrap_or_default(),
            None if connective && first.as_bytes()[i] == b',' && crate::agency::starts_with_proper_agency(after) => {
                after
            }
            None => continue,
        };
        if let Some(a) = directive(candidate) {
            // `Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương`:
            // the agency right before the duty is the one assigned.
            found = Some(a);
            if via_trigger.is_some() {
                break;
            }
        }
    }
    found
}

/// An agency list followed by a directive verb (not `:` and not `đã`, `là`, `được`).
fn directive(text: &str) -> Option<String> {
    let t = text.trim_start();
    let (phrase, at) = leading_agency(t)?;
    let rest = t.get(at..)?.trim_start();
    let first_word = rest.split_whitespace().next().unwrap_or_default().to_lowercase();
    let ok = !rest.is_empty() && !rest.starts_with([':', '.', ',', ';']) && !WEAK.contains(&first_word.as_str());
    ok.then_some(phrase)
}

/// `Sở Tài chính: …` → (`Sở Tài chính`, `…`).
fn colon_led(text: &str) -> Option<(String, String)> {
    let mut depth = 0i32;
    let colon = text.char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ':' if depth <= 0 => return Some(i),
            _ => {}
        }
        None
    })?;
    let before = text[..colon].trim();
    if before.chars().count() > 240 || before.contains(". ") || !starts_with_agency(before) {
        return None;
    }
    // The whole prefix must be agencies: `Sở Nội vụ theo dõi … (Trừ tiêu chí: …)` is not.
    if leading_agency(before).is_none_or(|(phrase, _)| phrase.len() + 1 < before.trim_end_matches([',', ';']).len()) {
        return None;
    }
    Some((clean(before), clean(&text[colon + 1..])))
}

fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '.' if depth <= 0 => {
                let next = text[i + 1..].trim_start();
                if text[i + 1..].starts_with(' ') && next.chars().next().is_some_and(|n| n.is_uppercase()) {
                    out.push(text[start..=i].trim());
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

struct State {
    year: Option<i32>,
    out: ProseOut,
    current: Option<usize>,
    heading: Option<(Option<String>, String)>,
    base: Option<String>,
    sub: usize,
    plain: usize,
}

impl State {
    fn code(&mut self, sub_item: bool) -> String {
        match (&self.base, sub_item) {
            (Some(b), true) => {
                self.sub += 1;
                format!("{b}.{}", self.sub)
            }
            _ => {
                self.plain += 1;
                self.plain.to_string()
            }
        }
    }

    fn push(
        &mut self,
        code: String,
        lead: &str,
        title: &str,
        objective: Option<String>,
        after: Option<String>,
        source: &Source,
    ) {
        let task = Task {
            code,
            parent: None,
            after,
            area: None,
            objective,
            title: clean(title),
            activities: Vec::new(),
            outputs: Vec::new(),
            lead: AgencyRef::new(lead),
            coordinating: AgencyRef::default(),
            deadline: Deadline::unspecified(""),
            milestones: Vec::new(),
            budget: empty_budget(),
            source: source.clone(),
        };
        self.out.tasks.push(task);
        self.current = Some(self.out.tasks.len() - 1);
    }

    /// Adds an assignment, splitting off later sentences that assign work to another agency.
    fn assign(
        &mut self,
        code: String,
        lead: &str,
        text: &str,
        objective: Option<String>,
        source: &Source,
        sub_item: bool,
    ) {
        let parts = sentences(text);
        let mut start = 0;
        let mut lead = lead.to_string();
        let mut code = code;
        let mut after = None;
        for k in 1..=parts.len() {
            let split = parts.get(k).and_then(|s| {
                let f = crate::lines::fold_start(s, 40);
                let follows = ["tren co so do", "sau do", "can cu ket qua"].iter().any(|c| f.starts_with(c));
                let actor = if starts_connective(&f) {
                    find_actor(s)
                } else if crate::agency::starts_with_proper_agency(s) {
                    directive(s)
                } else {
                    None
                };
                actor.map(|a| (a, follows))
            });
            if k == parts.len() || split.is_some() {
                let title = parts[start..k].join(" ");
                self.push(code.clone(), &lead, &title, objective.clone(), after.take(), source);
                if let Some((actor, follows)) = split {
                    after = follows.then(|| code.clone());
                    lead = actor;
                    code = self.code(sub_item || self.base.is_some());
                    start = k;
                }
            }
        }
    }
}

fn empty_budget() -> Budget {
    cchc_domain::budget::parse_budget("", cchc_domain::budget::AmountUnit::Million)
}

fn body_range(paras: &[Para]) -> (usize, usize) {
    let start = paras
        .iter()
        .position(|p| {
            p.text.trim_end().ends_with(':') && {
                let f = fold(&p.text);
                ["ket luan", "nhu sau", "yeu cau", "chi dao"].iter().any(|k| f.contains(k))
            }
        })
        .map_or(0, |i| i + 1);
    // The closing formula (`… thông báo để … biết, thực hiện./.`) and the list of recipients
    // end the body; a paragraph ending in `./.` is the last one.
    let closing = |p: &Para| {
        let l = p.text.to_lowercase();
        (l.contains("thông báo để") && l.contains("biết"))
            || crate::lines::fold_start(&p.text, 10).starts_with("noi nhan")
    };
    let end = paras
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, p)| closing(p) || p.text.trim_end().ends_with("./."))
        .map_or(paras.len(), |(i, p)| if closing(p) { i } else { i + 1 });
    (start, end.max(start))
}

/// Reads the assignments of a notice (or of a plan's prose when it has no task table).
pub fn assignments(paras: &[Para], year: Option<i32>) -> ProseOut {
    let (start, end) = body_range(paras);
    let mut st = State { year, out: ProseOut::default(), current: None, heading: None, base: None, sub: 0, plain: 0 };
    for p in &paras[start..end] {
        let text = p.text.trim();
        let bullet = ["- ", "+ ", "• ", "– "].iter().find_map(|m| text.strip_prefix(m));
        let coded = leading_code(text);
        let numbered =
            coded.as_ref().filter(|(c, _)| c.chars().all(|ch| ch.is_ascii_digit())).map(|(c, r)| (c.clone(), *r));
        let lettered = coded
            .as_ref()
            .filter(|(c, _)| {
                c.chars().all(char::is_alphabetic) && c.chars().count() == 1 && c.chars().all(char::is_lowercase)
            })
            .map(|(_, r)| *r);
        let rest = bullet.or(lettered).or(numbered.as_ref().map(|n| n.1)).unwrap_or(text).trim();
        if let Some((n, _)) = &numbered {
            st.base = Some(n.clone());
            st.sub = 0;
            st.heading = None;
        }
        let sub_item = bullet.is_some() || lettered.is_some();
        if !sub_item && numbered.is_none() && st.base.is_some() && starts_with_agency(rest) {
            st.base = None;
        }
        let colon = colon_led(rest);
        let actor = colon.as_ref().map(|c| c.0.clone()).or_else(|| find_actor(rest));
        let heading_only = colon.is_none()
            && actor.is_none()
            && starts_with_agency(rest)
            && rest.chars().count() < 120
            && !rest.ends_with('.');
        if rest.ends_with(':') || heading_only {
            let lead = if heading_only { Some(clean(rest.trim_end_matches(':'))) } else { actor };
            st.heading = Some((lead, clean(rest)));
            st.current = None;
            continue;
        }
        if let Some(lead) = actor {
            let title = match &colon {
                Some(_) => text.to_string(),
                None => rest.to_string(),
            };
            let code = match (&numbered, sub_item) {
                (Some((n, _)), false) => n.clone(),
                _ => st.code(sub_item),
            };
            let objective = st.heading.as_ref().filter(|_| sub_item).map(|h| h.1.clone());
            st.assign(code, &lead, &title, objective, &p.source, sub_item);
            continue;
        }
        if sub_item {
            if let Some((Some(lead), context)) = st.heading.clone() {
                let code = st.code(true);
                st.assign(code, &lead, rest, Some(context), &p.source, true);
                continue;
            }
        }
        let continuation = st.current.filter(|_| !sub_item || st.heading.is_none());
        if let Some(idx) = continuation {
            if let Some(task) = st.out.tasks.get_mut(idx) {
                task.title = format!("{}\n{}", task.title, clean(text));
                task.source = task.source.merge(&p.source);
            }
            continue;
        }
        if !find_deadlines(text, year).iter().any(|d| d.deadline.due.is_some()) {
            continue;
        }
        st.out.warnings.push(Warning::at(
            WarningCode::UnplacedText,
            "Đoạn có thời hạn nhưng không rõ cơ quan được giao; chưa nhập thành nhiệm vụ.",
            &p.source,
        ));
    }
    for task in &mut st.out.tasks {
        let found = find_deadlines(&task.title, st.year);
        task.deadline = applicable(&found).map_or_else(|| Deadline::unspecified(""), |m| m.deadline.clone());
        task.milestones = found.into_iter().map(|m| m.deadline).collect();
    }
    st.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors() {
        let cases = [
            ("Bộ Tư pháp có trách nhiệm kiểm tra, đôn đốc", Some("Bộ Tư pháp")),
            (
                "Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương rà soát",
                Some("Bộ Tài chính"),
            ),
            (
                "Về trách nhiệm của người đứng đầu, giao các Sở, Ban, ngành phải chịu trách nhiệm về Chỉ số",
                Some("các Sở, Ban, ngành"),
            ),
            ("Yêu cầu Uỷ ban nhân dân các cấp nghiêm túc triển khai", Some("Uỷ ban nhân dân các cấp")),
            ("Năm 2024, các thành viên Ban Chỉ đạo, các cấp, các ngành đã có nhiều nỗ lực", None),
            ("Các Báo cáo trên gửi Bộ Tư pháp trước ngày 05/12/2025", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_actor(text).as_deref(), want, "{text}");
        }
    }
}
