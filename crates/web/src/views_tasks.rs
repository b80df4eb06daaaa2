//! Task instances shaped for pages: state and status labels, the lead unit's name, overdue
//! flags, and who may see an instance.

use std::collections::HashMap;

use cchc_app::tracking::TrackingConfig;
use cchc_domain::resolver::national::national_by_code;
use cchc_domain::tracking::{status_on, Completion, TaskStatus, TaskTiming};
use cchc_domain::unit::{Unit, UnitId};
use cchc_storage::model::InstanceRecord;
use chrono::NaiveDate;
use serde::Serialize;

use crate::auth::Auth;
use crate::error::AppError;
use crate::i18n::Lang;

/// One instance row.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceView {
    pub id: i64,
    pub task_id: i64,
    pub document_id: i64,
    pub code: String,
    pub title: String,
    pub area: Option<String>,
    pub label: String,
    pub due: Option<NaiveDate>,
    pub lead_unit_id: Option<UnitId>,
    /// The lead unit's name or, when no unit of the registry leads, the lead outside the
    /// province as the document wrote it (`Bộ Tư pháp`).
    pub lead_unit: String,
    /// Whether the lead is outside the province (a ministry, a state group, another
    /// province): lists mark it "ngoài tỉnh".
    pub lead_external: bool,
    pub state: &'static str,
    pub state_label: &'static str,
    /// `no_due_date`, `on_track`, `due_soon`, `overdue`, `awaiting_review`, `completed`.
    pub status: &'static str,
    pub status_label: &'static str,
    pub completion_label: Option<&'static str>,
    pub percent: Option<u8>,
    pub return_reason: Option<String>,
    pub version: i64,
}

/// Builds rows with unit names and today's status.
pub struct Shaper<'a> {
    units: HashMap<UnitId, &'a Unit>,
    names: crate::unit_names::UnitNames,
    cfg: &'a TrackingConfig,
    today: NaiveDate,
    lang: Lang,
}

impl<'a> Shaper<'a> {
    pub fn new(units: &'a [Unit], cfg: &'a TrackingConfig, today: NaiveDate, lang: Lang) -> Self {
        Shaper {
            units: units.iter().map(|u| (u.id, u)).collect(),
            names: crate::unit_names::UnitNames::new(units, today),
            cfg,
            today,
            lang,
        }
    }

    /// The unit's name, with its parent's when another unit has the same name.
    pub fn unit_name(&self, id: Option<UnitId>) -> String {
        id.filter(|i| self.units.contains_key(i)).map(|i| self.names.label(i)).unwrap_or_default()
    }

    /// The lead's name and whether it is outside the province: the registry unit when one
    /// leads (outside when it is a national body of the registry, `TW-BTP`), else the first
    /// external actor the task names as lead.
    fn lead(&self, i: &InstanceRecord) -> (String, bool) {
        match i.lead_unit_id.and_then(|id| self.units.get(&id)) {
            Some(u) => (self.unit_name(Some(u.id)), national_by_code(&u.code).is_some()),
            None => match &i.lead_external {
                Some(text) => (text.clone(), true),
                None => (String::new(), false),
            },
        }
    }

    pub fn status(&self, i: &InstanceRecord) -> TaskStatus {
        status_on(&TaskTiming::new(&i.progress, i.due, i.period_start), self.today, &self.cfg.timeliness)
    }

    pub fn view(&self, i: &InstanceRecord) -> InstanceView {
        let en = self.lang == Lang::En;
        let st = self.status(i);
        let completion = i.completion.as_deref().and_then(parse_completion);
        let (lead_unit, lead_external) = self.lead(i);
        InstanceView {
            id: i.id,
            task_id: i.task_id,
            document_id: i.document_id,
            code: i.task_code.clone(),
            title: i.task_title.clone(),
            area: i.area.clone(),
            label: i.label.clone(),
            due: i.due,
            lead_unit_id: i.lead_unit_id,
            lead_unit,
            lead_external,
            state: i.progress.state.code(),
            state_label: if en { i.progress.state.label_en() } else { i.progress.state.label_vi() },
            status: st.code(),
            status_label: if en { st.label_en() } else { st.label_vi() },
            completion_label: completion.map(|c| if en { c.label_en() } else { c.label_vi() }),
            percent: i.progress.percent,
            return_reason: i.progress.return_reason.clone(),
            version: i.version,
        }
    }
}

fn parse_completion(code: &str) -> Option<Completion> {
    [Completion::Early, Completion::OnTime, Completion::Late, Completion::Undated]
        .into_iter()
        .find(|c| c.code() == code)
}

/// Whether `auth` may see an instance: province-wide roles always; unit staff when their unit
/// leads it or coordinates its task. Others get "not found" (its existence is not revealed).
pub fn check_visible(auth: &Auth, i: &InstanceRecord, coordinating: &[UnitId]) -> Result<(), AppError> {
    match auth.scope().root() {
        None => Ok(()),
        Some(u) if i.lead_unit_id == Some(u) || coordinating.contains(&u) => Ok(()),
        Some(_) => Err(AppError::NotFound("nhiệm vụ")),
    }
}
