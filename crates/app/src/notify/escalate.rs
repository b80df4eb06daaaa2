//! Escalation of overdue tasks and remedies of inspection recommendations (the steps of [`cchc_domain::tracking::EscalationPolicy`]):
//! each step reached is claimed once per recipient under a unique key
//! (`escalation:task_instance:42:due:2025-03-10:head:to:user:9`), in the same transaction as
//! its notification, its e-mail and its audit entry, so several app nodes and repeated runs
//! send it once. The task page lists what was claimed.

use std::collections::{BTreeMap, BTreeSet};

use cchc_domain::role::Role;
use cchc_domain::tracking::{select_escalations, Audience, Escalation, ItemKind, ItemRef, OverdueItem};
use cchc_domain::user::{Actor, User};
use cchc_storage::traits_notify::{ClaimOutcome, ClaimRecord, NewNotification, NotifyClaim};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{items::escalated_items, mail_for, Notifier};
use crate::accounts::ServiceError;
use crate::mail::MailPayload;

/// The claim kind of escalation notices.
pub const KIND: &str = "escalation";

/// One recipient of a step in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationSent {
    pub key: String,
    /// The id of the item: a task instance, or a finding for a remedy (see `item`).
    pub instance_id: i64,
    pub item: ItemRef,
    pub audience: Audience,
    /// Whom it reached: a login, or `unit:<id>` for the unit's staff.
    pub to: String,
    /// False when another node or an earlier run had claimed it (or in a dry run).
    pub won: bool,
}

/// One line of a task's escalation history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationEntry {
    pub day: NaiveDate,
    pub audience: String,
    /// A login, or `None` for the unit's staff.
    pub to: Option<String>,
    pub title: String,
}

/// A recipient of a step: a person (notification to them) or the unit's staff.
struct Target {
    suffix: String,
    user_id: Option<i64>,
    name: String,
    emails: Vec<String>,
}

fn person(u: &User) -> Target {
    let emails = if u.email.contains('@') { vec![u.email.trim().to_lowercase()] } else { Vec::new() };
    let name = if u.full_name.is_empty() { u.login.clone() } else { u.full_name.clone() };
    Target { suffix: format!("to:user:{}", u.id), user_id: Some(u.id), name, emails }
}

/// The step key a claim key belongs to (the part before `:to:`).
fn step_key(claim_key: &str) -> &str {
    claim_key.split(":to:").next().unwrap_or(claim_key)
}

impl Notifier {
    /// Sends (or with `dry_run` lists) the escalation steps reached on `today`.
    pub async fn run_escalations(&self, today: NaiveDate, dry_run: bool) -> Result<Vec<EscalationSent>, ServiceError> {
        let store = self.store.as_ref();
        let cfg = crate::tracking::config(store).await?;
        if cfg.escalation.steps.is_empty() {
            return Ok(Vec::new());
        }
        let linked = escalated_items(store, today - Duration::days(1)).await?;
        let items: Vec<OverdueItem> = linked
            .iter()
            .filter_map(|l| Some(OverdueItem { item: l.item.item, unit: *l.item.units.first()?, due: l.item.due }))
            .collect();
        let sent: BTreeSet<String> = store
            .claims_with_prefix(KIND, "escalation:", 1_000_000)
            .await?
            .iter()
            .map(|c| step_key(&c.key).to_string())
            .collect();
        let steps = select_escalations(&items, today, &cfg.escalation, &sent);
        let users: Vec<User> = store.list_users().await?.into_iter().filter(|u| u.active).collect();
        let titles: BTreeMap<ItemRef, (&str, &str)> =
            linked.iter().map(|l| (l.item.item, (l.item.title.as_str(), l.link.as_str()))).collect();
        let mut unit_names: BTreeMap<i64, String> = BTreeMap::new();
        let mut out = Vec::new();
        for e in steps {
            let unit_name = match unit_names.get(&e.unit) {
                Some(n) => String::clone(n),
                None => {
                    let n = store.get_unit(e.unit).await?.name;
                    unit_names.insert(e.unit, n.clone());
                    n
                }
            };
            let (task, link) = titles.get(&e.item).copied().unwrap_or_default();
            for t in self.targets(&e, &users, &unit_name).await? {
                let key = format!("{}:{}", e.key, t.suffix);
                let won = if dry_run {
                    false
                } else {
                    let claim = claim(&e, &t, &key, &unit_name, (task, link), today)?;
                    match store.claim_notice(&Actor::system(), &claim).await? {
                        ClaimOutcome::Won { mail_id, .. } => {
                            if mail_id.is_some() {
                                crate::jobs::wake();
                            }
                            true
                        }
                        ClaimOutcome::AlreadyClaimed => false,
                    }
                };
                let to = t.user_id.map_or(format!("unit:{}", e.unit), |_| t.suffix.clone());
                out.push(EscalationSent {
                    key,
                    instance_id: e.item.id,
                    item: e.item,
                    audience: e.step.audience,
                    to,
                    won,
                });
            }
        }
        Ok(out)
    }

    /// Who a step reaches: the unit's staff (focal step, or the head step of a unit without a
    /// head account), each of the unit's heads, or each office user and leader.
    async fn targets(&self, e: &Escalation, users: &[User], unit_name: &str) -> Result<Vec<Target>, ServiceError> {
        let unit_staff = || async {
            let emails = self.store.unit_recipients(e.unit).await?;
            Ok::<_, ServiceError>(vec![Target {
                suffix: "to:unit".into(),
                user_id: None,
                name: unit_name.into(),
                emails,
            }])
        };
        Ok(match e.step.audience {
            Audience::Focal => unit_staff().await?,
            Audience::Head => {
                let heads: Vec<Target> = users
                    .iter()
                    .filter(|u| u.role == Role::UnitHead && u.unit_id == Some(e.unit))
                    .map(person)
                    .collect();
                if heads.is_empty() {
                    unit_staff().await?
                } else {
                    heads
                }
            }
            Audience::Office => {
                users.iter().filter(|u| matches!(u.role, Role::Office | Role::Leader)).map(person).collect()
            }
        })
    }
}

/// A step's notice to one target; `(task, link)`: the item's title and page.
fn claim(
    e: &Escalation,
    t: &Target,
    key: &str,
    unit_name: &str,
    (task, link): (&str, &str),
    today: NaiveDate,
) -> Result<NotifyClaim, ServiceError> {
    let link = link.to_string();
    let what = if e.item.kind == ItemKind::Remedy { "Kiến nghị chưa khắc phục" } else { "Nhiệm vụ" };
    let title = format!("{what} quá hạn {} ngày — {unit_name}: {task}", e.days_overdue);
    let mut body = format!("Chuyển cấp đến: {}. Hạn {}.", e.step.audience.label_vi(), e.due.format("%d/%m/%Y"));
    // From the head's step on, the office's reminder letter listing the unit's overdue tasks
    // goes with the notice (downloaded from the task page or the mail).
    let letter = (e.item.kind == ItemKind::TaskInstance && e.step.audience != Audience::Focal)
        .then(|| format!("/units/{}/reminder-letter.docx", e.unit));
    if letter.is_some() {
        body.push_str(" Kèm công văn đôn đốc các nhiệm vụ quá hạn của đơn vị.");
    }
    let payload = MailPayload::Escalation {
        to: t.name.clone(),
        unit_name: unit_name.to_string(),
        task: task.to_string(),
        due: e.due,
        days_overdue: e.days_overdue,
        link: link.clone(),
        on: today,
        letter,
    };
    Ok(NotifyClaim {
        key: key.to_string(),
        kind: KIND.into(),
        unit_id: Some(e.unit),
        day: today,
        reminders: Vec::new(),
        notification: NewNotification {
            unit_id: if t.user_id.is_some() { None } else { Some(e.unit) },
            user_id: t.user_id,
            kind: KIND.into(),
            title,
            body,
            link,
        },
        mail: mail_for(Some(e.unit), t.emails.clone(), &payload)?,
    })
}

/// What was escalated about task instance `id`, oldest first.
pub async fn history(store: &dyn cchc_storage::Store, id: i64) -> Result<Vec<EscalationEntry>, ServiceError> {
    item_history(store, ItemRef::task(id)).await
}

/// What was escalated about `item` (a task instance or a remedy), oldest first.
pub async fn item_history(
    store: &dyn cchc_storage::Store,
    item: ItemRef,
) -> Result<Vec<EscalationEntry>, ServiceError> {
    let claims = store.claims_with_prefix(KIND, &format!("escalation:{item}:"), 500).await?;
    Ok(claims.into_iter().map(entry).collect())
}

fn entry(c: ClaimRecord) -> EscalationEntry {
    let audience = step_key(&c.key).rsplit(':').next().and_then(Audience::parse);
    EscalationEntry {
        day: c.day,
        audience: audience.map_or("—", Audience::label_vi).to_string(),
        to: c.user_login,
        title: c.title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_keys_map_back_to_their_step() {
        let k = "escalation:task_instance:4:due:2025-03-10:head:to:user:9";
        assert_eq!(step_key(k), "escalation:task_instance:4:due:2025-03-10:head");
        assert_eq!(step_key("escalation:x"), "escalation:x");
    }
}
