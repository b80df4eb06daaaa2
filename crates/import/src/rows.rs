//! The one row interpreter for task tables, whatever format the table came from: field
//! headings (`I`, `VII.1`), merged objective and task cells, several numbered items in one cell
//! (`2.4 … 2.5 …` with a follow-up row), activity rows, sub-rows and sub-tasks.

use crate::lines::clean;
use cchc_domain::budget::{parse_budget, AmountUnit, Budget};
use cchc_domain::deadline::{parse_deadline, Deadline};
use cchc_domain::plan::{AreaScope, Assignment, PlanActivity, PlanArea, PlanTask, Source, Warning, WarningCode};

use crate::agency;
use crate::align::Slot;
use crate::columns::{Header, Role};
use crate::numbering::{leading_code, roman_value, split_items};
pub use crate::table_rows::{aligned_rows, Aligned};

/// Settings shared by the table interpreters.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    pub plan_year: Option<i32>,
    pub budget_unit: AmountUnit,
}

/// What one task table yielded.
#[derive(Debug, Default)]
pub struct TableOutput {
    pub areas: Vec<PlanArea>,
    pub tasks: Vec<PlanTask>,
    pub warnings: Vec<Warning>,
}

#[derive(Default, Clone)]
struct Fields {
    outputs: Vec<String>,
    lead: String,
    coordinating: String,
    deadline: String,
    budget: String,
}

struct State<'a> {
    header: &'a Header,
    ctx: Ctx,
    out: TableOutput,
    area: Option<String>,
    top_area: Option<String>,
    tt: Option<String>,
    tt_sub: usize,
    objective: Option<String>,
    current: Option<usize>,
    pending: Vec<usize>,
    prev: Fields,
    running: usize,
    /// (area, code) of the tasks made so far, to find the parent of a sub-task quickly.
    seen: std::collections::HashSet<(Option<String>, String)>,
}

fn get<'s>(slots: &'s [Slot], header: &Header, role: Role) -> &'s Slot {
    header.col(role).and_then(|c| slots.get(c)).unwrap_or(&Slot::Empty)
}

/// Interprets a task table whose header row is `header_at`.
pub fn tasks_from_table(rows: &[Aligned], header: &Header, ctx: Ctx) -> TableOutput {
    let mut st = State {
        header,
        ctx,
        out: TableOutput::default(),
        area: None,
        top_area: None,
        tt: None,
        tt_sub: 0,
        objective: None,
        current: None,
        pending: Vec::new(),
        prev: Fields::default(),
        running: 0,
        seen: std::collections::HashSet::new(),
    };
    for (i, row) in rows.iter().enumerate() {
        let next_tt = rows.get(i + 1).and_then(|r| get(&r.slots, header, Role::No).text()).map(str::to_string);
        if st.heading(row, next_tt.as_deref()) {
            continue;
        }
        st.row(row);
    }
    st.finish()
}

impl State<'_> {
    fn text(&self, row: &Aligned, role: Role) -> Option<String> {
        get(&row.slots, self.header, role).text().map(|t| t.trim().to_string())
    }

    /// Field headings: `I | CẢI CÁCH THỂ CHẾ`, `II CẢI CÁCH THỂ CHẾ`, `1 | Ứng dụng CNTT` before `1.1`.
    fn heading(&mut self, row: &Aligned, next_tt: Option<&str>) -> bool {
        let texts: Vec<&str> = row.slots.iter().filter_map(|s| s.text()).collect();
        let busy =
            [Role::Lead, Role::Coordinating, Role::Deadline, Role::Budget].iter().any(|r| self.text(row, *r).is_some());
        if texts.is_empty() || texts.len() > 2 {
            return false;
        }
        let first = texts[0].trim();
        let (code, rest) = match leading_code(first) {
            Some((c, r)) => (c, r.to_string()),
            None => return false,
        };
        let roman = roman_value(&code).is_some();
        let other_is_heading = texts.get(1).is_none_or(|t| {
            !agency::starts_with_agency(t)
                && parse_deadline(t, None).kind == cchc_domain::deadline::DeadlineKind::Unspecified
        });
        if busy && !other_is_heading {
            return false;
        }
        let title = if rest.is_empty() { texts.get(1).map(|t| clean(t)).unwrap_or_default() } else { clean(&rest) };
        if title.is_empty() {
            return false;
        }
        if roman {
            self.area = Some(code.clone());
            self.top_area = Some(code.clone());
            self.push_area(code, title, None, &row.source);
            return true;
        }
        let is_parent_of_next = next_tt.is_some_and(|n| n.trim().starts_with(&format!("{code}.")));
        let no_text = self.text(row, Role::No).is_some();
        if no_text && is_parent_of_next && !code.contains('.') {
            let full = match &self.top_area {
                Some(a) => format!("{a}.{code}"),
                None => code.clone(),
            };
            self.area = Some(full.clone());
            let parent = self.top_area.clone();
            self.push_area(full, title, parent, &row.source);
            return true;
        }
        false
    }

    fn push_area(&mut self, code: String, title: String, parent: Option<String>, source: &Source) {
        self.out.areas.push(PlanArea { code, title, parent, scope: AreaScope::Tasks, source: source.clone() });
        self.tt = None;
        self.objective = None;
        self.current = None;
        self.pending.clear();
    }

    fn fields(&mut self, row: &Aligned) -> Fields {
        let slot = |r: Role| get(&row.slots, self.header, r).clone();
        let pick = |s: Slot, prev: &str| match s {
            Slot::Text(t) => t,
            Slot::Inherit => prev.to_string(),
            Slot::Empty => String::new(),
        };
        let outputs = match slot(Role::Output) {
            Slot::Text(t) => split_outputs(&t),
            Slot::Inherit => self.prev.outputs.clone(),
            Slot::Empty => Vec::new(),
        };
        let f = Fields {
            outputs,
            lead: agency::cell_text(&pick(slot(Role::Lead), &self.prev.lead)),
            coordinating: agency::cell_text(&pick(slot(Role::Coordinating), &self.prev.coordinating)),
            deadline: clean(&pick(slot(Role::Deadline), &self.prev.deadline)),
            budget: clean(&pick(slot(Role::Budget), &self.prev.budget)),
        };
        self.prev = f.clone();
        f
    }

    fn row(&mut self, row: &Aligned) {
        let tt_slot = get(&row.slots, self.header, Role::No).clone();
        let new_tt = match &tt_slot {
            Slot::Text(t) => {
                let t = clean(t);
                let changed = self.tt.as_deref() != Some(t.as_str());
                self.tt = Some(t);
                self.tt_sub = 0;
                changed
            }
            _ => false,
        };
        match get(&row.slots, self.header, Role::Objective) {
            Slot::Text(t) => self.objective = Some(clean(t)),
            Slot::Empty if new_tt => self.objective = None,
            _ => {}
        }
        let fields = self.fields(row);
        let task_slot = get(&row.slots, self.header, Role::PlanTask).clone();
        let activity = self.text(row, Role::PlanActivity);
        match task_slot {
            Slot::Text(t) => self.new_tasks(&t, new_tt, activity.as_deref(), &fields, &row.source),
            _ => {
                if let Some(a) = activity {
                    self.add_activities(&a, &[], &fields, &row.source);
                } else {
                    self.follow_up(&fields, &row.source);
                }
            }
        }
    }

    fn new_tasks(&mut self, cell: &str, new_tt: bool, activity: Option<&str>, f: &Fields, source: &Source) {
        let items = split_items(cell);
        let family = self.header.col(Role::PlanTask).and_then(|c| self.header.families.get(c).cloned().flatten());
        let own_codes = items.iter().all(|(c, _)| {
            c.as_ref().is_some_and(|c| {
                c.contains('.') && family.as_ref().is_none_or(|f| c.split('.').next() == Some(f.as_str()))
            })
        });
        let mut created = Vec::new();
        for (k, (code, text)) in items.iter().enumerate() {
            let (code, parent) =
                if own_codes { (code.clone().unwrap_or_default(), None) } else { self.tt_code(new_tt, k) };
            let title = if own_codes { crate::numbering::strip_code(text).to_string() } else { text.clone() };
            let task = PlanTask {
                code,
                parent,
                after: None,
                area: self.area.clone(),
                objective: self.objective.clone(),
                title: clean(&title),
                activities: Vec::new(),
                outputs: f.outputs.clone(),
                lead: Assignment::new(&f.lead),
                coordinating: Assignment::new(&f.coordinating),
                deadline: self.deadline(&f.deadline),
                milestones: Vec::new(),
                budget: parse_budget(&f.budget, self.ctx.budget_unit),
                source: source.clone(),
            };
            self.seen.insert((task.area.clone(), task.code.clone()));
            self.out.tasks.push(task);
            created.push(self.out.tasks.len() - 1);
        }
        self.current = created.first().copied();
        self.pending = created.iter().skip(1).copied().collect();
        if let Some(a) = activity {
            self.add_activities(a, &created, &Fields::default(), source);
        }
    }

    /// Code of a task numbered by the TT column: `3`, a sub-row `3b`, or a sub-task `1.1`.
    fn tt_code(&mut self, new_tt: bool, k: usize) -> (String, Option<String>) {
        let Some(tt) = self.tt.clone() else {
            self.running += 1;
            return (self.running.to_string(), None);
        };
        let parent = tt
            .rsplit_once('.')
            .map(|(p, _)| p.to_string())
            .filter(|p| self.seen.contains(&(self.area.clone(), p.clone())));
        if new_tt && k == 0 {
            return (tt, parent);
        }
        self.tt_sub += 1;
        let letter = char::from(b'a' + (self.tt_sub.min(25) as u8));
        (format!("{tt}{letter}"), parent)
    }

    fn deadline(&self, text: &str) -> Deadline {
        parse_deadline(text, self.ctx.plan_year)
    }

    fn add_activities(&mut self, cell: &str, created: &[usize], f: &Fields, source: &Source) {
        let items = split_items(cell);
        let Some(current) = self.current else {
            self.out.warnings.push(Warning::at(
                WarningCode::UnplacedRow,
                format!("Hoạt động “{}” không thuộc nhiệm vụ nào.", clean(cell)),
                source,
            ));
            return;
        };
        let paired = created.len() > 1 && created.len() == items.len();
        for (k, (code, text)) in items.into_iter().enumerate() {
            let target = if paired { created[k] } else { current };
            let own_row = created.is_empty();
            let act = PlanActivity {
                code: code.clone(),
                text: clean(if code.is_some() { crate::numbering::strip_code(&text) } else { &text }),
                outputs: if own_row { f.outputs.clone() } else { Vec::new() },
                lead_text: Some(f.lead.clone()).filter(|s| own_row && !s.is_empty()),
                coordinating_text: Some(f.coordinating.clone()).filter(|s| own_row && !s.is_empty()),
                deadline: Some(self.deadline(&f.deadline)).filter(|_| own_row && !f.deadline.is_empty()),
                budget: Some(parse_budget(&f.budget, self.ctx.budget_unit)).filter(|_| own_row && !f.budget.is_empty()),
                source: source.clone(),
            };
            if let Some(task) = self.out.tasks.get_mut(target) {
                task.source = task.source.merge(source);
                task.activities.push(act);
            }
        }
    }

    /// A row with no task and no activity: the details of the next item of a multi-item cell
    /// above, else more details of the current task.
    fn follow_up(&mut self, f: &Fields, source: &Source) {
        let empty = f.outputs.is_empty() && f.lead.is_empty() && f.deadline.is_empty() && f.budget.is_empty();
        if empty {
            return;
        }
        if !self.pending.is_empty() {
            let idx = self.pending.remove(0);
            let deadline = self.deadline(&f.deadline);
            let budget = parse_budget(&f.budget, self.ctx.budget_unit);
            if let Some(task) = self.out.tasks.get_mut(idx) {
                task.outputs = f.outputs.clone();
                task.lead = Assignment::new(&f.lead);
                task.coordinating = Assignment::new(&f.coordinating);
                task.deadline = deadline;
                task.budget = budget;
                task.source = task.source.merge(source);
            }
            self.current = Some(idx);
            return;
        }
        let Some(idx) = self.current else {
            self.out.warnings.push(Warning::at(
                WarningCode::UnplacedRow,
                format!("Hàng không thuộc nhiệm vụ nào: {}", f.outputs.join("; ")),
                source,
            ));
            return;
        };
        let deadline = self.deadline(&f.deadline);
        if let Some(task) = self.out.tasks.get_mut(idx) {
            task.outputs.extend(f.outputs.iter().filter(|o| !task.outputs.contains(o)).cloned().collect::<Vec<_>>());
            if task.lead.is_empty() {
                task.lead = Assignment::new(&f.lead);
            }
            if task.coordinating.is_empty() {
                task.coordinating = Assignment::new(&f.coordinating);
            }
            if task.deadline.text.is_empty() {
                task.deadline = deadline;
            }
            task.source = task.source.merge(source);
            let msg = format!("Hàng không có nhiệm vụ hay hoạt động; thông tin được gộp vào nhiệm vụ {}.", task.code);
            self.out.warnings.push(Warning::at(WarningCode::UnplacedRow, msg, source));
        }
    }

    fn finish(mut self) -> TableOutput {
        for task in &mut self.out.tasks {
            fill_from_activities(task);
        }
        self.out
    }
}

/// A task whose own row left deadline or budget empty takes them from its activity rows;
/// amounts of several activity rows add up.
fn fill_from_activities(task: &mut PlanTask) {
    if task.deadline.text.is_empty() {
        if let Some(d) = task.activities.iter().filter_map(|a| a.deadline.clone()).max_by_key(|d| d.due) {
            task.deadline = d;
        }
    }
    let amounts: Vec<&Budget> =
        task.activities.iter().filter_map(|a| a.budget.as_ref()).filter(|b| b.million_vnd.is_some()).collect();
    let own = task.budget.million_vnd;
    if amounts.len() >= 2 || (own.is_none() && !amounts.is_empty() && task.budget.text.is_empty()) {
        let mut all: Vec<&Budget> = Vec::new();
        if own.is_some() {
            all.push(&task.budget);
        }
        all.extend(amounts);
        let total: f64 = all.iter().filter_map(|b| b.million_vnd).sum();
        let text = all.iter().map(|b| b.text.clone()).collect::<Vec<_>>().join(" + ");
        task.budget =
            Budget { text, kind: cchc_domain::budget::BudgetKind::Amount, million_vnd: Some(total), source: None };
    } else if task.budget.text.is_empty() {
        if let Some(b) = task.activities.iter().find_map(|a| a.budget.clone()) {
            task.budget = b;
        }
    }
}

/// Output cells: one product per paragraph, and `- A - B` bullet runs split.
pub fn split_outputs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("-")) {
            out.extend(rest.split(" - ").map(clean).filter(|s| !s.is_empty()));
        } else {
            out.push(clean(t));
        }
    }
    out
}

#[cfg(test)]
mod tests;
