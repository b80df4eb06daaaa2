//! Assignments of a conclusion notice or directive: paragraphs that start with the assigned
//! agencies and a colon (`Sở Tài chính: …`), or with an agency and its duty (`Bộ Tư pháp có
//! trách nhiệm …`), `Giao …` / `Yêu cầu …` sentences, items nested under agency headings
//! (`1. Bộ Công an:` → `a)` → `-` → `+`), several actors in one paragraph (`Bộ Y tế …; Bộ
//! Giáo dục và Đào tạo …`), follow-up steps (`Trên cơ sở đó, Bộ Tư pháp tổng hợp …`) and tasks
//! written as labelled fields (`Cơ quan chủ trì: …`). Deadlines are read from each task's own
//! clauses only; a task without an agency stays a warning, never a guessed lead.

use cchc_domain::budget::Budget;
use cchc_domain::deadline::{applicable, find_deadlines, parse_deadline, Deadline};
use cchc_domain::plan::{Assignment, PlanTask, Source, Warning, WarningCode};
use cchc_domain::text::fold;

use crate::agency::starts_with_agency;
use crate::blocks::Para;
use crate::lines::clean;
use crate::numbering::leading_code;
use crate::prose_actor::{bare_actor, clause_actor, clauses, colon_led, coordinating, field, find_actor, Field};

/// What the prose yielded.
#[derive(Debug, Default)]
pub struct ProseOut {
    pub tasks: Vec<PlanTask>,
    pub warnings: Vec<Warning>,
}

/// An item heading: what its items inherit.
#[derive(Debug, Clone)]
struct Heading {
    rank: u8,
    lead: Option<String>,
    coordinating: Option<String>,
    context: String,
}

struct State {
    year: Option<i32>,
    out: ProseOut,
    current: Option<usize>,
    headings: Vec<Heading>,
    base: Option<String>,
    sub: usize,
    plain: usize,
    /// Tasks whose deadline came from a labelled field, not from their text.
    fixed: Vec<usize>,
    /// A numbered item without an agency (number, sub-item, text): it becomes a task if
    /// labelled fields follow.
    pending: Option<(Option<String>, bool, String, Source)>,
    /// The task made of labelled fields, while its fields follow.
    field_task: Option<usize>,
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

    fn push(&mut self, code: String, lead: &str, title: &str, objective: Option<String>, source: &Source) -> usize {
        let task = PlanTask {
            code,
            parent: None,
            after: None,
            area: None,
            objective,
            title: clean(title),
            activities: Vec::new(),
            outputs: Vec::new(),
            lead: Assignment::new(lead),
            coordinating: Assignment::new(&coordinating(title).unwrap_or_default()),
            deadline: Deadline::unspecified(""),
            milestones: Vec::new(),
            budget: empty_budget(),
            source: source.clone(),
        };
        self.out.tasks.push(task);
        self.current = Some(self.out.tasks.len() - 1);
        self.out.tasks.len() - 1
    }

    /// Adds an assignment, splitting off later clauses that assign work to another agency.
    fn assign(&mut self, code: String, lead: &str, text: &str, heading: Option<&Heading>, source: &Source, sub: bool) {
        let parts = clauses(text);
        let objective = heading.filter(|_| sub).map(|h| h.context.clone());
        let mut start = 0;
        let mut lead = lead.to_string();
        let mut code = code;
        let mut after = None;
        let mut first = true;
        for k in 1..=parts.len() {
            let split = parts.get(k).and_then(|s| clause_actor(s));
            if k == parts.len() || split.is_some() {
                let title = parts[start..k].join(" ");
                let idx = self.push(code.clone(), &lead, &title, objective.clone(), source);
                self.out.tasks[idx].after = after.take();
                if first && self.out.tasks[idx].coordinating.is_empty() {
                    if let Some(c) = heading.and_then(|h| h.coordinating.clone()) {
                        self.out.tasks[idx].coordinating = Assignment::new(&c);
                    }
                }
                first = false;
                if let Some((actor, follows)) = split {
                    after = follows.then(|| code.clone());
                    lead = actor;
                    code = self.code(sub || self.base.is_some());
                    start = k;
                }
            }
        }
    }

    /// Applies a labelled field to the task it belongs to (created from the pending item).
    fn apply_field(&mut self, kind: Field, value: &str, source: &Source) -> bool {
        let idx = match (self.pending.take(), self.field_task) {
            (Some((number, sub, title, src)), _) => {
                let code = item_code(self, &number, sub);
                let i = self.push(code, "", &title, None, &src);
                self.out.tasks[i].coordinating = Assignment::default();
                self.field_task = Some(i);
                i
            }
            (None, Some(i)) => i,
            _ => return false,
        };
        let task = &mut self.out.tasks[idx];
        task.source = task.source.merge(source);
        match kind {
            Field::Lead => task.lead = Assignment::new(value),
            Field::Coordinating => task.coordinating = Assignment::new(value),
            Field::Output => task.outputs.push(value.to_string()),
            Field::Deadline => {
                let found = find_deadlines(value, self.year);
                task.deadline =
                    applicable(&found).map_or_else(|| parse_deadline(value, self.year), |m| m.deadline.clone());
                task.milestones = vec![task.deadline.clone()];
                if !self.fixed.contains(&idx) {
                    self.fixed.push(idx);
                }
            }
        }
        true
    }
}

fn empty_budget() -> Budget {
    cchc_domain::budget::parse_budget("", cchc_domain::budget::AmountUnit::Million)
}

fn body_range(paras: &[Para]) -> (usize, usize) {
    let start = paras
        .iter()
        .position(|p| {
            let f = fold(&p.text);
            let decision = matches!(f.trim(), "quyet dinh:" | "quyet dinh :");
            decision
                || (p.text.trim_end().ends_with(':')
                    && ["ket luan", "nhu sau", "yeu cau", "chi dao", "chi thi"].iter().any(|k| f.contains(k)))
        })
        .map_or(0, |i| i + 1);
    // The closing formula (`… thông báo để … biết, thực hiện./.`, `… chịu trách nhiệm thi hành
    // Chỉ thị này./.`) and the list of recipients end the body; a paragraph ending in `./.` is
    // the last one.
    let closing = |p: &Para| {
        let l = p.text.to_lowercase();
        (l.contains("thông báo để") && l.contains("biết"))
            || l.contains("chịu trách nhiệm thi hành")
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

/// How deep an item marker is: Roman 0, `1.` 1, `a)` 2, `-` 3, `+` 4; unmarked 5.
fn marker(text: &str) -> (u8, Option<String>, &str) {
    for (m, rank) in [("- ", 3), ("– ", 3), ("• ", 3), ("+ ", 4)] {
        if let Some(rest) = text.strip_prefix(m) {
            return (rank, None, rest.trim());
        }
    }
    match leading_code(text) {
        Some((c, rest)) if c.chars().all(|ch| ch.is_ascii_digit()) => (1, Some(c), rest.trim()),
        Some((c, rest)) if crate::numbering::roman_value(&c).is_some() => (0, None, rest.trim()),
        Some((c, rest)) if c.chars().count() == 1 && c.chars().all(char::is_lowercase) => (2, None, rest.trim()),
        _ => (5, None, text),
    }
}

/// Reads the assignments of a notice (or of a plan's prose when it has no task table).
pub fn assignments(paras: &[Para], year: Option<i32>) -> ProseOut {
    let (start, end) = body_range(paras);
    let mut st = State {
        year,
        out: ProseOut::default(),
        current: None,
        headings: Vec::new(),
        base: None,
        sub: 0,
        plain: 0,
        fixed: Vec::new(),
        pending: None,
        field_task: None,
    };
    for p in &paras[start..end] {
        read_para(&mut st, p);
    }
    for (i, task) in st.out.tasks.iter_mut().enumerate() {
        if st.fixed.contains(&i) {
            continue;
        }
        let found = find_deadlines(&task.title, st.year);
        task.deadline = applicable(&found).map_or_else(|| Deadline::unspecified(""), |m| m.deadline.clone());
        task.milestones = found.into_iter().map(|m| m.deadline).collect();
    }
    st.out
}

fn read_para(st: &mut State, p: &Para) {
    let text = p.text.trim();
    let (rank, number, rest) = marker(text);
    if rank < 5 {
        st.headings.retain(|h| h.rank < rank);
    }
    if let Some(n) = &number {
        st.base = Some(n.clone());
        st.sub = 0;
    }
    let sub_item = (2..5).contains(&rank);
    if !sub_item && number.is_none() && st.base.is_some() && starts_with_agency(rest) {
        st.base = None;
    }
    if let Some((kind, value)) = field(rest) {
        if st.apply_field(kind, &value, &p.source) {
            return;
        }
    }
    st.field_task = None;
    let colon = colon_led(rest);
    let actor = colon.as_ref().map(|c| c.0.clone()).or_else(|| find_actor(rest));
    let bare = if actor.is_none() { bare_actor(rest) } else { None };
    let heading_only = bare.is_some()
        || (colon.is_none()
            && actor.is_none()
            && starts_with_agency(rest)
            && rest.chars().count() < 120
            && !rest.ends_with('.'));
    let enclosing = st.headings.last().cloned();
    let under_lead = enclosing.as_ref().is_some_and(|h| h.lead.is_some());
    if rest.ends_with(':') || heading_only || (rank < 3 && actor.is_none() && !under_lead) {
        let own = bare.or(actor).or_else(|| heading_only.then(|| clean(rest.trim_end_matches(':'))));
        let inherits = own.is_none() && rest.ends_with(':') && rank < 5;
        let lead = own.clone().or_else(|| enclosing.as_ref().filter(|_| inherits).and_then(|h| h.lead.clone()));
        let coord =
            coordinating(rest).or_else(|| enclosing.as_ref().filter(|_| inherits).and_then(|h| h.coordinating.clone()));
        let pend = own.is_none() && !rest.ends_with(':');
        st.pending = pend.then(|| (number.clone(), sub_item, rest.to_string(), p.source.clone()));
        st.headings.push(Heading { rank, lead, coordinating: coord, context: clean(rest) });
        st.current = None;
        return;
    }
    st.pending = None;
    if let Some(lead) = actor {
        let title = if colon.is_some() { text } else { rest };
        let code = item_code(st, &number, sub_item);
        st.assign(code, &lead, title, enclosing.as_ref(), &p.source, sub_item);
        return;
    }
    let under = enclosing.filter(|h| h.lead.is_some() && (rank < 5 || (st.current.is_none() && h.rank < 5)));
    if let Some(h) = under {
        let code = st.code(true);
        let lead = h.lead.clone().unwrap_or_default();
        st.assign(code, &lead, rest, Some(&h), &p.source, true);
        return;
    }
    if let Some(idx) = st.current.filter(|_| rank >= 3) {
        if let Some(task) = st.out.tasks.get_mut(idx) {
            task.title = format!("{}\n{}", task.title, clean(text));
            task.source = task.source.merge(&p.source);
        }
        return;
    }
    if find_deadlines(text, st.year).iter().any(|d| d.deadline.due.is_some()) {
        st.out.warnings.push(Warning::at(
            WarningCode::UnplacedText,
            "Đoạn có thời hạn nhưng không rõ cơ quan được giao; chưa nhập thành nhiệm vụ.",
            &p.source,
        ));
    }
}

fn item_code(st: &mut State, number: &Option<String>, sub_item: bool) -> String {
    match (number, sub_item) {
        (Some(n), false) => n.clone(),
        _ => st.code(sub_item),
    }
}
