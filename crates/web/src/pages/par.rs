//! PAR index pages: the rounds, a round's units and ranking, one unit's assessment (the unit's
//! scoring form, the appraiser's side-by-side view, the explanation round), criteria sets.
//! Who reads what: unit staff their own unit; the office everything; an appraiser the units
//! assigned to them; leaders a round once the council approved it.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_app::par::{AppraisalScope, ResultsCache, RoundResults};
use cchc_domain::par::{CriteriaSet, Mark};
use cchc_domain::role::Role;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, ParEvidence, ParLink, Round, ScoreRecord};
use cchc_storage::DynStore;
use minijinja::{context, Value};

use crate::auth::policy::AnyUser;
use crate::auth::{Auth, Require};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The assessment as `auth` may read it, with its round and the reader's visibility.
pub async fn reader(auth: &Auth, store: &DynStore, id: i64) -> AppResult<(Assessment, Round, Visibility)> {
    let vis = auth.scope();
    let a = store.assessment(id, vis).await?;
    let round = store.round(a.round_id).await?;
    match auth.user.role {
        // The unit's appraiser, or one assigned to areas of the round once it is submitted.
        Role::Appraiser if a.appraiser_id != Some(auth.user.id) => {
            cchc_app::par::appraisal_scope(store.as_ref(), &auth.actor(), auth.user.role, &a).await?;
            Ok((a, round, vis))
        }
        Role::Leader if !round.is_approved() => Err(AppError::NotFound("bản đánh giá")),
        _ => Ok((a, round, vis)),
    }
}

/// Whether `auth` is an appraiser assigned to areas of round `round` (who then sees every
/// submitted assessment of it).
pub async fn area_appraiser_in(auth: &Auth, store: &DynStore, round: i64) -> AppResult<bool> {
    if auth.user.role != Role::Appraiser {
        return Ok(false);
    }
    Ok(store.area_appraisers(round).await?.iter().any(|x| x.user_id == auth.user.id))
}

/// A mark as shown and typed: "0,5", "Không phát sinh" or "".
pub fn mark_text(m: Option<Mark>) -> String {
    match m {
        Some(Mark::Points(p)) => p.to_string(),
        Some(Mark::NotApplicable) => "Không phát sinh".into(),
        None => String::new(),
    }
}

/// GET `/par`: the rounds; the office opens one here.
pub async fn index(ctx: Ctx, auth: Require<AnyUser>, State(store): State<DynStore>) -> AppResult<Response> {
    let rounds = store.rounds().await?;
    let mut rows = Vec::new();
    for r in &rounds {
        let own = match auth.scope().own_unit() {
            Some(_) => store.assessments(r.id, auth.scope()).await?.into_iter().next(),
            None => None,
        };
        rows.push(context! { round => r, own });
    }
    let provinces = super::provinces(&store).await?;
    let year = cchc_app::tracking::today().format("%Y").to_string();
    Ok(ctx.render("par/index.html", context! { rows, provinces, year, is_office => auth.is_office() }))
}

/// GET `/par/rounds/{id}`: the units of a round and, when the reader may see it, the ranking.
pub async fn round(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    State(cache): State<std::sync::Arc<ResultsCache>>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = cache.results(store.as_ref(), id).await?;
    let show_ranking = shows_results(&auth, &r);
    let by_area = area_appraiser_in(&auth, &store, id).await?;
    let lines: Vec<Value> = r
        .lines
        .iter()
        .filter(|l| line_visible(&auth, l, by_area))
        .map(|l| context! { l, status_label => l.assessment.status.label_vi(), result => l.result.as_ref().filter(|_| show_ranking) })
        .collect();
    let appraisers: Vec<Value> = if auth.is_office() {
        let users = store.list_users().await?;
        users
            .into_iter()
            .filter(|u| u.role == Role::Appraiser && u.active)
            .map(|u| context! { id => u.id, name => u.full_name })
            .collect()
    } else {
        Vec::new()
    };
    let groups = if show_ranking { r.groups.clone() } else { Vec::new() };
    let bands: Vec<Value> = r
        .bands
        .iter()
        .map(|(label, b)| match b {
            Some(b) => context! { label, name => b.name, version => b.version, text => super::par_bands::bands_text(b),
            template => b.status == cchc_domain::par::SetStatus::Template },
            None => context! { label },
        })
        .collect();
    let campaigns = if auth.is_office() { store.campaigns().await? } else { Vec::new() };
    let by_areas =
        if auth.is_office() { super::par_areas::area_assignments(&store, &r).await? } else { Value::UNDEFINED };
    Ok(ctx.render(
        "par/round.html",
        context! { round => r.round, lines, groups, bands, show_ranking, appraisers, campaigns, by_areas, is_office => auth.is_office() },
    ))
}

/// Whose lines of a round a user sees: an appraiser the units assigned to them (every
/// submitted unit when `by_area`: assigned to areas of the round), a unit's staff their own
/// unit, everyone else every unit. The round page and the API use this.
pub fn line_visible(auth: &Auth, l: &cchc_app::par::UnitLine, by_area: bool) -> bool {
    match auth.user.role {
        Role::Appraiser => {
            l.assessment.appraiser_id == Some(auth.user.id) || (by_area && l.assessment.status.is_sent())
        }
        Role::UnitFocal | Role::UnitHead => Some(l.assessment.unit_id) == auth.scope().own_unit(),
        _ => true,
    }
}

/// Scores and rankings are published results: the office sees them as they form, others
/// once the round is approved (before, only each unit's state).
pub fn shows_results(auth: &Auth, r: &RoundResults) -> bool {
    auth.is_office() || r.round.is_approved()
}

/// One row of the assessment form: a node of the set with its score and evidence.
fn rows(
    set: &CriteriaSet,
    scores: &[ScoreRecord],
    evidence: &[ParEvidence],
    links: &[ParLink],
    scope: &AppraisalScope,
) -> Vec<Value> {
    let by_code: HashMap<&str, &ScoreRecord> = scores.iter().map(|s| (s.score.code.as_str(), s)).collect();
    set.walk()
        .into_iter()
        .map(|r| {
            let n = r.node;
            let s = by_code.get(n.code.as_str()).copied();
            let files: Vec<&ParEvidence> = evidence.iter().filter(|e| e.codes.contains(&n.code)).collect();
            let refs: Vec<Value> = links
                .iter()
                .filter(|l| l.code == n.code)
                .map(|l| context! { id => l.id, text => l.describe(), file => l.task_file.is_some() })
                .collect();
            let score = s.map(|s| &s.score);
            context! {
                code => n.code, stt => n.stt.clone().unwrap_or_else(|| n.code.clone()), name => n.name, depth => r.depth,
                leaf => n.is_leaf(), max => n.max.to_string(), external => r.component.is_external(),
                component => r.component.label_vi(), method => n.is_leaf().then(|| n.scoring_method().describe(n.max)),
                guidance => n.guidance, asked => n.evidence, evidence_required => n.evidence_required,
                may_na => n.may_be_not_applicable,
                self_text => mark_text(score.and_then(|s| s.self_mark)),
                self_na => score.is_some_and(|s| s.self_mark == Some(Mark::NotApplicable)),
                note => score.map(|s| s.self_note.clone()).unwrap_or_default(),
                appraised_text => mark_text(score.and_then(|s| s.appraised_mark)),
                reason => score.map(|s| s.appraisal_reason.clone()).unwrap_or_default(),
                explain => s.is_some_and(|s| s.explain_requested),
                explanation => score.map(|s| s.explanation.clone()).unwrap_or_default(),
                final_text => mark_text(score.and_then(|s| s.final_mark())),
                adjusted => score.is_some_and(|s| s.is_adjusted()),
                in_scope => scope.covers(&n.code),
                files, refs,
            }
        })
        .collect()
}

/// GET `/par/assessments/{id}`: the unit's form, the appraiser's view, or the result.
pub async fn assessment(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_assessment(&ctx, &auth, &state, id, None, FieldErrors::default()).await
}

/// The assessment page, with what the user typed and the problems found (a form re-rendered).
pub async fn render_assessment(
    ctx: &Ctx,
    auth: &Auth,
    state: &AppState,
    id: i64,
    typed: Option<BTreeMap<String, String>>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let store = &state.store;
    let v = super::par_view::load_assessment(auth, store, &state.par_results, id).await?;
    let (can_edit, can_explain, can_upload, can_appraise) =
        (v.may_edit(), v.may_explain(), v.may_add_evidence(), v.may_appraise());
    let super::par_view::AssessmentView {
        a,
        round,
        set,
        scores,
        evidence,
        links,
        unit_name,
        line,
        own,
        open,
        scope,
        self_total,
        task_files,
        ..
    } = v;
    let status = a.status;
    let appraiser = scope.is_some();
    let whole = scope.as_ref().is_none_or(AppraisalScope::is_all);
    let scope = scope.unwrap_or(AppraisalScope::All);
    // The criteria the evidence forms offer (only to whoever may add evidence).
    let leaves: Vec<(String, String)> = if can_upload {
        set.leaves()
            .iter()
            .filter(|r| !r.component.is_external())
            .map(|r| (r.node.code.clone(), crate::render::truncate(format!("{}. {}", r.node.code, r.node.name), 90)))
            .collect()
    } else {
        Vec::new()
    };
    let (leaf_checks, leaf_options) = leaf_lists(&leaves);
    // A form sent back with its errors keeps the criterion chosen: the list is built per item.
    let leaves: Vec<Value> = if typed.is_some() {
        leaves.iter().map(|(code, label)| context! { code, label }).collect()
    } else {
        Vec::new()
    };
    // During the year, the unit, the office and its appraiser see where the unit is heading.
    let projected = if open && (own || appraiser) {
        Some(
            state
                .par_results
                .projection(store.as_ref(), &state.kpi, &a, round.year, cchc_app::tracking::today())
                .await?,
        )
    } else {
        None
    };
    let at_risk: Vec<Value> = projected
        .as_ref()
        .map(|p| {
            p.projection
                .at_risk
                .iter()
                .filter_map(|c| p.projection.criteria.iter().find(|x| &x.code == c))
                .take(10)
                .map(|x| context! { code => x.code, name => x.name, points => x.points.map(|p| p.to_string()), max => x.max.to_string(), lost => x.lost().map(|l| l.to_string()), source => x.source, note => x.note })
                .collect()
        })
        .unwrap_or_default();
    Ok(ctx.render(
        "par/assessment.html",
        context! {
            a, round, unit => unit_name, set_name => set.name, set_template => set.status == cchc_domain::par::SetStatus::Template,
            rows => rows(&set, &scores, &evidence, &links, &scope), leaves, leaf_checks, leaf_options, evidence, whole, task_files,
            status_label => status.label_vi(), status => status.code(),
            self_total => self_total.to_string(), total => set.total.to_string(),
            // The page shows the totals and the areas: the other nodes are not turned into
            // template values (a set has 100+ of them).
            result => line.as_ref().and_then(|l| l.result.as_ref()).map(|r| context! {
                points => r.points, applicable_max => r.applicable_max, index => r.index, class => r.class,
                nodes => r.areas().collect::<Vec<_>>(),
            }),
            // A rank is a published result: the office sees it forming, others once approved.
            standing => line.and_then(|l| l.standing).filter(|_| round.is_approved() || auth.is_office()),
            can_edit, can_explain, can_upload, can_appraise,
            is_head => auth.user.role == Role::UnitHead,
            can_revise => auth.is_office() && !open,
            typed, errors => errors.0, at_risk,
            projected => projected.as_ref().map(|p| context! { measured => p.measured, overdue => p.overdue }),
            projected_points => projected.as_ref().map(|p| p.projection.known_points.to_string()),
            projected_max => projected.as_ref().map(|p| p.projection.known_max.to_string()),
        },
    ))
}

/// The criteria `(code, label)` the evidence forms offer, as checkboxes and as options: a
/// hundred of them on every page of the unit, built here in one pass (escaped as the templates
/// escape) rather than by the template engine item by item.
pub(crate) fn leaf_lists(leaves: &[(String, String)]) -> (Value, Value) {
    use crate::render::push_escaped;
    let (mut checks, mut options) = (String::new(), String::new());
    for (code, label) in leaves {
        checks.push_str(r#"<label class="check"><input type="checkbox" name="codes" value=""#);
        push_escaped(&mut checks, code);
        checks.push_str("\"> ");
        push_escaped(&mut checks, label);
        checks.push_str("</label>");
        options.push_str("<option value=\"");
        push_escaped(&mut options, code);
        options.push_str("\">");
        push_escaped(&mut options, label);
        options.push_str("</option>");
    }
    (Value::from_safe_string(checks), Value::from_safe_string(options))
}

/// GET `/par/sets`: the criteria sets, every version; the office imports here.
pub async fn sets(ctx: Ctx, auth: Require<AnyUser>, State(store): State<DynStore>) -> AppResult<Response> {
    render_sets(&ctx, &store, auth.is_office(), Vec::new()).await
}

/// The criteria sets page, with the problems of a refused import.
pub async fn render_sets(ctx: &Ctx, store: &DynStore, is_office: bool, errors: Vec<String>) -> AppResult<Response> {
    use cchc_domain::par::{SetStatus, UnitGroup};
    let sets = store.criteria_sets().await?;
    let list: Vec<Value> = sets
        .iter()
        .map(|s| context! {
            id => s.id, code => s.set.code, name => s.set.name, version => s.set.version, group => s.set.group.label_vi(),
            from => s.set.effective_from, status => s.set.status.label_vi(), template => s.set.status == SetStatus::Template,
            frozen => s.set.frozen, criteria => s.set.leaves().len(), total => s.set.total.to_string(),
        })
        .collect();
    let groups: Vec<Value> = [UnitGroup::DEPARTMENTS, UnitGroup::COMMUNES, UnitGroup::CENTRAL, UnitGroup::PROVINCE_876]
        .iter()
        .map(|g| context! { code => g, label => UnitGroup::new(g).label_vi().to_string() })
        .collect();
    Ok(ctx.render("par/sets.html", context! { sets => list, groups, is_office, errors }))
}

/// GET `/par/sets/{id}`: one set as a tree, with its methods and evidence.
pub async fn set(
    ctx: Ctx,
    _: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = store.criteria_set(id).await?;
    let rows = rows(&s.set, &[], &[], &[], &AppraisalScope::All);
    let template = s.set.status == cchc_domain::par::SetStatus::Template;
    let (group, total) = (s.set.group.label_vi().to_string(), s.set.total.to_string());
    Ok(ctx.render("par/set.html", context! { s, rows, template, group, total }))
}
