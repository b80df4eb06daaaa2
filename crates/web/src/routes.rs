//! Every route in one place. The access each route requires is enforced by the extractor in
//! its handler's signature (`Require<Policy>`, or `Auth::unit_editor` for unit-owned data);
//! [`ROUTES`] lists them with that access for readers and for the test that checks every
//! route refuses those it should.

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;
use crate::{api, files, forms, pages, system};

/// (method, path, access) for every route. Access: `public`, `any_user`, `unit_editor`
/// (office, or staff of that unit), `unit_staff`, `unit_head`, `unit_focal`, `office`,
/// `appraisers` (office and appraisal council), `province_readers`, `unit_reader`
/// (province-wide readers, or staff of that unit), `unit_actors` (office, or unit staff; the
/// handler then requires the unit editor of the object's unit), `admin`. `/api/v1` routes
/// also need their token scope (see [`crate::api::operations`]).
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "/", "public"),
    ("GET", "/healthz", "public"),
    ("GET", "/metrics", "public"),
    ("GET", "/static/app.css", "public"),
    ("GET", "/favicon.svg", "public"),
    ("GET", "/favicon.ico", "public"),
    ("GET", "/lang/{code}", "public"),
    ("GET", "/login", "public"),
    ("POST", "/login", "public"),
    ("POST", "/logout", "any_user"),
    ("GET", "/account/password", "any_user"),
    ("POST", "/account/password", "any_user"),
    ("GET", "/account/tokens", "any_user"),
    ("POST", "/account/tokens", "any_user"),
    ("POST", "/account/tokens/{id}/revoke", "any_user"),
    ("GET", "/units", "any_user"),
    ("GET", "/units/new", "office"),
    ("POST", "/units/new", "office"),
    ("GET", "/units/import", "office"),
    ("POST", "/units/import", "office"),
    ("GET", "/units/export.csv", "province_readers"),
    ("GET", "/units/export.xlsx", "province_readers"),
    ("GET", "/units/{id}", "any_user"),
    ("GET", "/units/{id}/scorecard", "unit_reader"),
    ("GET", "/units/{id}/reminder-letter.docx", "unit_reader"),
    ("GET", "/units/{id}/edit", "office"),
    ("POST", "/units/{id}/edit", "office"),
    ("GET", "/units/{id}/contact", "unit_editor"),
    ("POST", "/units/{id}/contact", "unit_editor"),
    ("GET", "/units/{id}/change", "office"),
    ("POST", "/units/{id}/change", "office"),
    ("GET", "/admin/users", "admin"),
    ("GET", "/admin/users/new", "admin"),
    ("POST", "/admin/users/new", "admin"),
    ("GET", "/admin/users/{id}", "admin"),
    ("POST", "/admin/users/{id}", "admin"),
    ("POST", "/admin/users/{id}/password", "admin"),
    ("GET", "/admin/audit", "admin"),
    ("GET", "/admin/audit/verify", "admin"),
    ("GET", "/admin/audit/export.csv", "admin"),
    ("GET", "/admin/audit/export.xlsx", "admin"),
    ("GET", "/plans", "any_user"),
    ("GET", "/plans/import", "office"),
    ("POST", "/plans/import", "office"),
    ("GET", "/plans/drafts/{id}", "office"),
    ("POST", "/plans/drafts/{id}/confirm", "office"),
    ("POST", "/plans/drafts/{id}/discard", "office"),
    ("GET", "/plans/drafts/{id}/tasks/{index}", "office"),
    ("POST", "/plans/drafts/{id}/tasks/{index}", "office"),
    ("GET", "/plans/{id}", "any_user"),
    ("GET", "/plans/{id}/export.xlsx", "any_user"),
    ("POST", "/plans/{id}/targets/{code}/indicator", "office"),
    ("GET", "/unit-plans", "any_user"),
    ("GET", "/unit-plans/import", "unit_staff"),
    ("POST", "/unit-plans/import", "unit_staff"),
    ("GET", "/unit-plans/units/{unit}", "unit_reader"),
    ("GET", "/unit-plans/drafts/{id}", "unit_staff"),
    ("POST", "/unit-plans/drafts/{id}/confirm", "unit_staff"),
    ("POST", "/unit-plans/drafts/{id}/discard", "unit_staff"),
    ("POST", "/unit-plans/tasks/{id}/links", "unit_staff"),
    ("GET", "/tasks", "any_user"),
    ("GET", "/tasks/export.xlsx", "any_user"),
    ("GET", "/tasks/timeline", "any_user"),
    ("GET", "/tasks/calendar", "any_user"),
    ("POST", "/tasks/bulk", "office"),
    ("GET", "/tasks/{id}", "any_user"),
    ("POST", "/tasks/{id}/act", "any_user"),
    ("POST", "/tasks/{id}/event", "office"),
    ("GET", "/evidence/{token}", "any_user"),
    ("GET", "/reports", "any_user"),
    ("GET", "/reports/consolidated.docx", "province_readers"),
    ("GET", "/reports/consolidated.xlsx", "province_readers"),
    ("GET", "/reports/{key}", "unit_staff"),
    ("POST", "/reports/{key}", "unit_staff"),
    ("POST", "/reports/{key}/signoff", "unit_head"),
    ("GET", "/reports/{key}/units/{unit}", "any_user"),
    ("POST", "/reports/{key}/units/{unit}/review", "office"),
    ("GET", "/report-files/{token}", "any_user"),
    ("GET", "/adhoc-reports", "province_readers"),
    ("POST", "/adhoc-reports", "office"),
    ("GET", "/adhoc-reports/{id}", "province_readers"),
    ("GET", "/adhoc-reports/{id}/template", "any_user"),
    ("GET", "/kpi", "any_user"),
    ("GET", "/kpi/export.xlsx", "any_user"),
    ("GET", "/kpi/explain", "any_user"),
    ("GET", "/kpi/explain.xlsx", "any_user"),
    ("GET", "/kpi/due", "any_user"),
    ("GET", "/kpi/methodology", "any_user"),
    ("POST", "/kpi/methodology", "office"),
    ("GET", "/kpi/import", "office"),
    ("POST", "/kpi/import", "office"),
    ("GET", "/kpi/reconcile", "office"),
    ("POST", "/kpi/reconcile", "office"),
    ("GET", "/kpi/reconcile.xlsx", "office"),
    ("GET", "/par", "any_user"),
    ("POST", "/par/rounds", "office"),
    ("GET", "/par/rounds/{id}", "any_user"),
    ("POST", "/par/rounds/{id}/approve", "office"),
    ("POST", "/par/rounds/{id}/areas", "office"),
    ("GET", "/par/rounds/{id}/report.docx", "any_user"),
    ("POST", "/par/rounds/{id}/sipas", "office"),
    ("GET", "/par/rounds/{id}/ranking.xlsx", "any_user"),
    ("GET", "/par/assessments/{id}", "any_user"),
    ("GET", "/par/assessments/{id}/export.xlsx", "any_user"),
    ("GET", "/par/assessments/{id}/evidence.zip", "any_user"),
    ("GET", "/par/assessments/{id}/links/{link}", "any_user"),
    ("POST", "/par/assessments/{id}/links", "unit_staff"),
    ("POST", "/par/assessments/{id}/revise", "office"),
    ("POST", "/par/assessments/{id}/self", "unit_staff"),
    ("POST", "/par/assessments/{id}/evidence", "unit_staff"),
    ("POST", "/par/assessments/{id}/explain", "unit_staff"),
    ("POST", "/par/assessments/{id}/submit", "unit_head"),
    ("POST", "/par/assessments/{id}/withdraw", "unit_head"),
    ("POST", "/par/assessments/{id}/appraise", "appraisers"),
    ("POST", "/par/assessments/{id}/appraiser", "office"),
    ("GET", "/par/evidence/{token}", "any_user"),
    ("GET", "/par/province-index", "any_user"),
    ("POST", "/par/province-index", "unit_staff"),
    ("GET", "/par/bands", "any_user"),
    ("POST", "/par/bands", "office"),
    ("GET", "/par/bands/new", "office"),
    ("GET", "/par/bands/{id}/edit", "office"),
    ("GET", "/par/bands/export", "any_user"),
    ("POST", "/par/bands/import", "office"),
    ("GET", "/par/sets", "any_user"),
    ("GET", "/par/units/{unit}/history", "any_user"),
    ("POST", "/par/sets/import", "office"),
    ("GET", "/par/sets/{id}", "any_user"),
    ("GET", "/par/sets/{id}/export.xlsx", "any_user"),
    ("GET", "/initiatives", "any_user"),
    ("GET", "/initiatives/new", "unit_focal"),
    ("POST", "/initiatives/new", "unit_focal"),
    ("GET", "/initiatives/recognised", "any_user"),
    ("GET", "/initiatives/counts", "province_readers"),
    ("GET", "/initiatives/counts.xlsx", "province_readers"),
    ("GET", "/initiatives/criteria", "any_user"),
    ("GET", "/initiatives/criteria/{id}/edit", "office"),
    ("POST", "/initiatives/criteria/{id}/edit", "office"),
    ("GET", "/initiatives/files/{token}", "any_user"),
    ("GET", "/initiatives/{id}", "any_user"),
    ("POST", "/initiatives/{id}/edit", "unit_focal"),
    ("POST", "/initiatives/{id}/submit", "unit_focal"),
    ("POST", "/initiatives/{id}/review", "office"),
    ("POST", "/initiatives/{id}/evaluator", "office"),
    ("POST", "/initiatives/{id}/score", "appraisers"),
    ("POST", "/initiatives/{id}/decide", "office"),
    ("POST", "/initiatives/{id}/adopt", "unit_actors"),
    ("GET", "/inspections", "any_user"),
    ("POST", "/inspections/plan", "office"),
    ("GET", "/inspections/followup", "any_user"),
    ("GET", "/inspections/followup.xlsx", "any_user"),
    ("GET", "/inspections/checklists", "any_user"),
    ("POST", "/inspections/checklists/import", "office"),
    ("GET", "/inspections/checklists/{id}/export.xlsx", "any_user"),
    ("GET", "/inspections/files/{token}", "any_user"),
    ("GET", "/inspections/{id}", "any_user"),
    ("POST", "/inspections/{id}/record", "office"),
    ("POST", "/inspections/{id}/close", "office"),
    ("GET", "/inspections/{id}/minutes.docx", "any_user"),
    ("POST", "/findings/outside", "office"),
    ("POST", "/findings/outside/import", "office"),
    ("GET", "/findings/{id}", "any_user"),
    ("POST", "/findings/{id}/act", "unit_actors"),
    ("GET", "/sipas", "province_readers"),
    ("POST", "/sipas/campaigns", "office"),
    ("GET", "/sipas/campaigns/{id}", "province_readers"),
    ("GET", "/sipas/campaigns/{id}/sheet.xlsx", "province_readers"),
    ("POST", "/sipas/campaigns/{id}/import", "office"),
    ("GET", "/sipas/campaigns/{id}/answers", "province_readers"),
    ("GET", "/sipas/campaigns/{id}/results.xlsx", "province_readers"),
    ("GET", "/sipas/campaigns/{id}/report.docx", "province_readers"),
    ("POST", "/sipas/campaigns/{id}/par", "office"),
    ("GET", "/sipas/questionnaires", "province_readers"),
    ("POST", "/sipas/questionnaires/import", "office"),
    ("GET", "/sipas/questionnaires/{id}/export.xlsx", "province_readers"),
    ("GET", "/sipas/campaigns/{id}/in-an", "office"),
    ("GET", "/sipas/campaigns/{id}/units/{unit}/poster", "office"),
    ("POST", "/sipas/campaigns/{id}/tokens", "office"),
    ("GET", "/khao-sat/cam-on", "public"),
    ("GET", "/khao-sat/{id}/{unit}", "public"),
    ("POST", "/khao-sat/{id}/{unit}", "public"),
    ("GET", "/cong-khai", "public"),
    ("GET", "/cong-khai/{id}", "public"),
    ("GET", "/cong-khai/{id}/csv", "public"),
    ("GET", "/cong-khai/{id}/xlsx", "public"),
    ("GET", "/publish", "office"),
    ("POST", "/publish", "office"),
    ("POST", "/publish/{id}/unpublish", "office"),
    ("GET", "/settings/tracking", "office"),
    ("POST", "/settings/tracking", "office"),
    ("GET", "/settings/tracking.json", "office"),
    ("POST", "/settings/tracking/import", "office"),
    ("GET", "/settings/workdays", "office"),
    ("POST", "/settings/workdays", "office"),
    ("POST", "/settings/workdays/delete", "office"),
    ("POST", "/settings/workdays/import", "office"),
    ("GET", "/settings/workdays.csv", "office"),
    ("GET", "/settings/workdays/recompute", "office"),
    ("POST", "/settings/workdays/recompute", "office"),
    ("GET", "/notifications", "any_user"),
    ("POST", "/notifications/read-all", "any_user"),
    ("POST", "/notifications/{id}/read", "any_user"),
    ("GET", "/api/openapi.json", "public"),
    ("GET", "/api/docs", "public"),
    ("GET", "/api/v1/units", "any_user"),
    ("GET", "/api/v1/units/{id}", "any_user"),
    ("GET", "/api/v1/plans", "any_user"),
    ("GET", "/api/v1/plans/{id}", "any_user"),
    ("GET", "/api/v1/tasks", "any_user"),
    ("GET", "/api/v1/tasks/{id}", "any_user"),
    ("POST", "/api/v1/tasks/{id}/progress", "any_user"),
    ("POST", "/api/v1/tasks/{id}/done", "any_user"),
    ("POST", "/api/v1/tasks/{id}/accept", "any_user"),
    ("POST", "/api/v1/tasks/{id}/return", "any_user"),
    ("GET", "/api/v1/reports/{key}", "any_user"),
    ("GET", "/api/v1/reports/{key}/units/{unit}", "any_user"),
    ("PUT", "/api/v1/reports/{key}", "unit_staff"),
    ("POST", "/api/v1/reports/{key}/units/{unit}/review", "office"),
    ("GET", "/api/v1/notifications", "any_user"),
    ("POST", "/api/v1/notifications/{id}/read", "any_user"),
    ("GET", "/api/v1/kpi", "any_user"),
    ("GET", "/api/v1/kpi/explain", "any_user"),
    ("POST", "/api/v1/dossiers", "office"),
    ("GET", "/api/v1/par/rounds", "any_user"),
    ("GET", "/api/v1/par/rounds/{id}", "any_user"),
    ("GET", "/api/v1/par/rounds/{id}/ranking", "any_user"),
    ("POST", "/api/v1/par/rounds/{id}/approve", "office"),
    ("GET", "/api/v1/par/assessments/{id}", "any_user"),
    ("POST", "/api/v1/par/assessments/{id}/submit", "unit_head"),
    ("POST", "/api/v1/par/assessments/{id}/withdraw", "unit_head"),
    ("POST", "/api/v1/par/assessments/{id}/appraisal", "appraisers"),
    ("POST", "/api/v1/par/assessments/{id}/explanations", "unit_staff"),
    ("POST", "/api/v1/par/assessments/{id}/evidence", "unit_staff"),
    ("POST", "/api/v1/par/assessments/{id}/links", "unit_staff"),
    ("POST", "/api/v1/par/assessments/{id}/self", "unit_staff"),
    ("GET", "/api/v1/sipas/campaigns", "province_readers"),
    ("GET", "/api/v1/sipas/campaigns/{id}", "province_readers"),
    ("POST", "/api/v1/sipas/campaigns/{id}/paper", "office"),
    ("GET", "/api/v1/inspections", "any_user"),
    ("GET", "/api/v1/inspections/{id}", "any_user"),
    ("GET", "/api/v1/findings", "any_user"),
    ("GET", "/api/v1/initiatives", "any_user"),
    ("GET", "/api/v1/audit", "admin"),
];

/// The application's routes (middleware is added in [`crate::app`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::home::home))
        .route("/healthz", get(system::healthz))
        .route("/metrics", get(system::metrics))
        .route("/static/app.css", get(files::css))
        .route("/favicon.svg", get(files::favicon))
        .route("/favicon.ico", get(files::favicon))
        .route("/lang/{code}", get(system::lang))
        .route("/login", get(pages::account::login).post(forms::auth::login))
        .route("/logout", post(forms::auth::logout))
        .route("/account/password", get(pages::account::password).post(forms::account::password))
        .route("/account/tokens", get(pages::tokens::list).post(pages::tokens::create))
        .route("/account/tokens/{id}/revoke", post(pages::tokens::revoke))
        .route("/units", get(pages::units::list))
        .route("/units/new", get(pages::units::new).post(forms::units::create))
        .route("/units/import", get(pages::units::import).post(forms::units::import))
        .route("/units/export.csv", get(files::units::csv))
        .route("/units/export.xlsx", get(files::units::xlsx))
        .route("/units/{id}", get(pages::units::show))
        .route("/units/{id}/scorecard", get(pages::scorecard::show))
        .route("/units/{id}/reminder-letter.docx", get(files::units::reminder_letter))
        .route("/units/{id}/edit", get(pages::units::edit).post(forms::units::update))
        .route("/units/{id}/contact", get(pages::units::contact).post(forms::units::contact))
        .route("/units/{id}/change", get(pages::units::change).post(forms::units::change))
        .route("/admin/users", get(pages::admin::users))
        .route("/admin/users/new", get(pages::admin::new_user).post(forms::admin::create_user))
        .route("/admin/users/{id}", get(pages::admin::edit_user).post(forms::admin::update_user))
        .route("/admin/users/{id}/password", post(forms::admin::reset))
        .route("/admin/audit", get(pages::admin::audit))
        .route("/admin/audit/verify", get(pages::admin::verify))
        .route("/admin/audit/export.csv", get(files::audit::csv))
        .route("/admin/audit/export.xlsx", get(files::audit::xlsx))
        .route("/plans", get(pages::plans::list))
        .route("/plans/import", get(pages::plans::import).post(forms::plans::import))
        .route("/plans/drafts/{id}", get(pages::plans::draft))
        .route("/plans/drafts/{id}/confirm", post(forms::plans::confirm))
        .route("/plans/drafts/{id}/discard", post(forms::plans::discard))
        .route("/plans/drafts/{id}/tasks/{index}", get(pages::plans::draft_task).post(forms::plans::edit))
        .route("/plans/{id}", get(pages::plans::show))
        .route("/plans/{id}/export.xlsx", get(files::plans::xlsx))
        .route("/plans/{id}/targets/{code}/indicator", post(forms::plans::target_indicator))
        .route("/unit-plans", get(pages::unit_plans::index))
        .route("/unit-plans/import", get(pages::unit_plans::import).post(forms::unit_plans::import))
        .route("/unit-plans/units/{unit}", get(pages::unit_plans::unit))
        .route("/unit-plans/drafts/{id}", get(pages::unit_plans::draft))
        .route("/unit-plans/drafts/{id}/confirm", post(forms::unit_plans::confirm))
        .route("/unit-plans/drafts/{id}/discard", post(forms::unit_plans::discard))
        .route("/unit-plans/tasks/{id}/links", post(forms::unit_plans::links))
        .route("/tasks", get(pages::tasks::list))
        .route("/tasks/export.xlsx", get(files::tasks::xlsx))
        .route("/tasks/timeline", get(pages::tasks_timeline::show))
        .route("/tasks/calendar", get(pages::tasks_calendar::show))
        .route("/tasks/bulk", post(forms::tasks_bulk::bulk))
        .route("/tasks/{id}", get(pages::tasks::show))
        .route("/tasks/{id}/act", post(forms::tasks::act_on))
        .route("/tasks/{id}/event", post(forms::tasks::record_event))
        .route("/evidence/{token}", get(files::tasks::evidence))
        .route("/reports", get(pages::reports::index))
        .route("/reports/consolidated.docx", get(files::reports::docx))
        .route("/reports/consolidated.xlsx", get(files::reports::xlsx))
        .route("/reports/{key}", get(pages::reports::edit).post(forms::reports::save_report))
        .route("/reports/{key}/signoff", post(forms::reports::signoff))
        .route("/reports/{key}/units/{unit}", get(pages::reports::view))
        .route("/reports/{key}/units/{unit}/review", post(forms::reports::review))
        .route("/report-files/{token}", get(files::reports::file))
        .route("/adhoc-reports", get(pages::adhoc::list).post(forms::adhoc::create_request))
        .route("/adhoc-reports/{id}", get(pages::adhoc::show))
        .route("/adhoc-reports/{id}/template", get(pages::adhoc::template))
        .route("/kpi", get(pages::kpi::index))
        .route("/kpi/export.xlsx", get(files::kpi::overview_xlsx))
        .route("/kpi/explain", get(pages::kpi::explain))
        .route("/kpi/explain.xlsx", get(files::kpi::explain_xlsx))
        .route("/kpi/due", get(pages::kpi::due))
        .route("/kpi/methodology", get(pages::kpi::methodology).post(forms::kpi::methodology))
        .route("/kpi/import", get(pages::kpi::import).post(forms::kpi::import))
        .route("/kpi/reconcile", get(pages::kpi::reconcile).post(forms::kpi::reconcile))
        .route("/kpi/reconcile.xlsx", get(files::kpi::reconcile_xlsx))
        .route("/initiatives", get(pages::initiatives::index))
        .route("/initiatives/new", get(pages::initiatives::new).post(forms::initiatives::create))
        .route("/initiatives/recognised", get(pages::initiatives::recognised))
        .route("/initiatives/counts", get(pages::initiatives::counts))
        .route("/initiatives/counts.xlsx", get(files::initiatives::counts))
        .route("/initiatives/criteria", get(pages::initiatives::criteria))
        .route(
            "/initiatives/criteria/{id}/edit",
            get(pages::initiatives::edit_criteria).post(forms::initiatives::edit_criteria),
        )
        .route("/initiatives/files/{token}", get(files::initiatives::file))
        .route("/initiatives/{id}", get(pages::initiatives::show))
        .route("/initiatives/{id}/edit", post(forms::initiatives::edit))
        .route("/initiatives/{id}/submit", post(forms::initiatives::submit))
        .route("/initiatives/{id}/review", post(forms::initiatives::review))
        .route("/initiatives/{id}/evaluator", post(forms::initiatives::evaluator))
        .route("/initiatives/{id}/score", post(forms::initiatives::score))
        .route("/initiatives/{id}/decide", post(forms::initiatives::decide))
        .route("/initiatives/{id}/adopt", post(forms::initiatives::adopt))
        .route("/inspections", get(pages::inspections::index))
        .route("/inspections/plan", post(forms::inspections::plan))
        .route("/inspections/followup", get(pages::inspections::followup))
        .route("/inspections/followup.xlsx", get(files::inspections::followup))
        .route("/inspections/checklists", get(pages::inspections::checklists))
        .route("/inspections/checklists/import", post(forms::inspections::import_checklist))
        .route("/inspections/checklists/{id}/export.xlsx", get(files::inspections::checklist))
        .route("/inspections/files/{token}", get(files::inspections::file))
        .route("/inspections/{id}", get(pages::inspections::show))
        .route("/inspections/{id}/record", post(forms::inspections::record))
        .route("/inspections/{id}/close", post(forms::inspections::close))
        .route("/inspections/{id}/minutes.docx", get(files::inspections::minutes))
        .route("/findings/outside", post(forms::inspections::outside))
        .route("/findings/outside/import", post(forms::inspections::import_outside))
        .route("/findings/{id}", get(pages::inspections::finding))
        .route("/findings/{id}/act", post(forms::inspections::act))
        .route("/par", get(pages::par::index))
        .route("/par/rounds", post(forms::par::open_round))
        .route("/par/rounds/{id}", get(pages::par::round))
        .route("/par/rounds/{id}/approve", post(forms::par::approve))
        .route("/par/rounds/{id}/areas", post(forms::par_areas::assign_areas))
        .route("/par/rounds/{id}/report.docx", get(files::par::report_docx))
        .route("/par/rounds/{id}/sipas", post(forms::par::sipas))
        .route("/par/rounds/{id}/ranking.xlsx", get(files::par::ranking))
        .route("/par/assessments/{id}", get(pages::par::assessment))
        .route("/par/assessments/{id}/export.xlsx", get(files::par::score_sheet))
        .route("/par/assessments/{id}/evidence.zip", get(files::par::evidence_zip))
        .route("/par/assessments/{id}/links/{link}", get(files::par::linked_file))
        .route("/par/assessments/{id}/links", post(forms::par_links::link))
        .route("/par/assessments/{id}/revise", post(forms::par::revise))
        .route("/par/assessments/{id}/self", post(forms::par::save_self))
        .route("/par/assessments/{id}/evidence", post(forms::par::evidence))
        .route("/par/assessments/{id}/explain", post(forms::par::explain))
        .route("/par/assessments/{id}/submit", post(forms::par::submit_form))
        .route("/par/assessments/{id}/withdraw", post(forms::par::withdraw))
        .route("/par/assessments/{id}/appraise", post(forms::par::appraise))
        .route("/par/assessments/{id}/appraiser", post(forms::par::assign))
        .route("/par/evidence/{token}", get(files::par::evidence))
        .route("/par/province-index", get(pages::par_owner::page).post(forms::par_owner::report))
        .route("/par/bands", get(pages::par_bands::bands).post(forms::par_bands::save))
        .route("/par/bands/new", get(pages::par_bands::new_bands))
        .route("/par/bands/{id}/edit", get(pages::par_bands::edit_bands))
        .route("/par/bands/export", get(pages::par_bands::export))
        .route("/par/bands/import", post(forms::par_bands::import))
        .route("/par/sets", get(pages::par::sets))
        .route("/par/units/{unit}/history", get(pages::par_history::history))
        .route("/par/sets/import", post(forms::par::import_set))
        .route("/par/sets/{id}", get(pages::par::set))
        .route("/par/sets/{id}/export.xlsx", get(files::par::set_xlsx))
        .route("/sipas", get(pages::sipas::index))
        .route("/sipas/campaigns", post(forms::sipas::open_campaign))
        .route("/sipas/campaigns/{id}", get(pages::sipas::campaign))
        .route("/sipas/campaigns/{id}/sheet.xlsx", get(pages::sipas::sheet))
        .route("/sipas/campaigns/{id}/import", post(forms::sipas::import))
        .route("/sipas/campaigns/{id}/answers", get(pages::sipas_office::answers))
        .route("/sipas/campaigns/{id}/results.xlsx", get(files::sipas::results_xlsx))
        .route("/sipas/campaigns/{id}/report.docx", get(files::sipas::report_docx))
        .route("/sipas/campaigns/{id}/par", post(forms::sipas_office::to_par))
        .route("/sipas/questionnaires", get(pages::sipas_office::questionnaires))
        .route("/sipas/questionnaires/import", post(forms::sipas_office::import))
        .route("/sipas/questionnaires/{id}/export.xlsx", get(files::sipas::questionnaire_xlsx))
        .route("/sipas/campaigns/{id}/in-an", get(pages::sipas_print::index))
        .route("/sipas/campaigns/{id}/units/{unit}/poster", get(pages::sipas_print::poster))
        .route("/sipas/campaigns/{id}/tokens", post(pages::sipas_print::tokens))
        .route("/khao-sat/cam-on", get(pages::sipas::thanks))
        .route("/khao-sat/{id}/{unit}", get(pages::sipas::form).post(forms::sipas::submit))
        .route("/cong-khai", get(pages::public::index))
        .route("/cong-khai/{id}", get(pages::public::show))
        .route("/cong-khai/{id}/csv", get(pages::public::csv))
        .route("/cong-khai/{id}/xlsx", get(pages::public::xlsx))
        .route("/publish", get(pages::public::office).post(forms::publish::publish))
        .route("/publish/{id}/unpublish", post(forms::publish::unpublish))
        .route("/settings/tracking", get(pages::settings::tracking).post(forms::settings::tracking))
        .route("/settings/tracking.json", get(files::settings::tracking_json))
        .route("/settings/tracking/import", post(forms::settings::import))
        .route("/settings/workdays", get(pages::workdays::workdays).post(forms::workdays::put))
        .route("/settings/workdays/delete", post(forms::workdays::delete))
        .route("/settings/workdays/import", post(forms::workdays::import))
        .route("/settings/workdays.csv", get(files::workdays::workdays_csv))
        .route("/settings/workdays/recompute", get(pages::workdays::recompute).post(forms::workdays::recompute))
        .route("/notifications", get(pages::notifications::list))
        .route("/notifications/read-all", post(forms::notifications::read_all))
        .route("/notifications/{id}/read", post(forms::notifications::read))
        .route("/api/openapi.json", get(api::openapi::json))
        .route("/api/docs", get(api::docs::page))
        .route("/api/v1/units", get(api::units::list))
        .route("/api/v1/units/{id}", get(api::units::show))
        .route("/api/v1/plans", get(api::plans::list))
        .route("/api/v1/plans/{id}", get(api::plans::show))
        .route("/api/v1/tasks", get(api::tasks::list))
        .route("/api/v1/tasks/{id}", get(api::tasks::show))
        .route("/api/v1/tasks/{id}/progress", post(api::tasks::progress))
        .route("/api/v1/tasks/{id}/done", post(api::tasks::done))
        .route("/api/v1/tasks/{id}/accept", post(api::tasks::accept))
        .route("/api/v1/tasks/{id}/return", post(api::tasks::return_task))
        .route("/api/v1/reports/{key}", get(api::reports::period).put(api::report_writes::save))
        .route("/api/v1/reports/{key}/units/{unit}", get(api::reports::show))
        .route("/api/v1/reports/{key}/units/{unit}/review", post(api::report_writes::review))
        .route("/api/v1/notifications", get(api::notifications::list))
        .route("/api/v1/notifications/{id}/read", post(api::notifications::read))
        .route("/api/v1/kpi", get(api::kpi::result))
        .route("/api/v1/kpi/explain", get(api::kpi::explain))
        .route("/api/v1/dossiers", post(api::dossiers::push))
        .route("/api/v1/par/rounds", get(api::par::rounds))
        .route("/api/v1/par/rounds/{id}", get(api::par::round))
        .route("/api/v1/par/rounds/{id}/ranking", get(api::par::ranking))
        .route("/api/v1/par/rounds/{id}/approve", post(api::par_review::approve))
        .route("/api/v1/par/assessments/{id}", get(api::par_assessment::show))
        .route("/api/v1/par/assessments/{id}/submit", post(api::par_review::submit_assessment))
        .route("/api/v1/par/assessments/{id}/withdraw", post(api::par_review::withdraw))
        .route("/api/v1/par/assessments/{id}/appraisal", post(api::par_review::appraisal))
        .route("/api/v1/par/assessments/{id}/explanations", post(api::par_review::explanations))
        .route("/api/v1/par/assessments/{id}/evidence", post(api::par_evidence::upload))
        .route("/api/v1/par/assessments/{id}/links", post(api::par_evidence::link))
        .route("/api/v1/par/assessments/{id}/self", post(api::par_writes::save))
        .route("/api/v1/sipas/campaigns", get(api::sipas::campaigns))
        .route("/api/v1/sipas/campaigns/{id}", get(api::sipas::campaign_results))
        .route("/api/v1/sipas/campaigns/{id}/paper", post(api::sipas_paper::post))
        .route("/api/v1/inspections", get(api::inspections::list))
        .route("/api/v1/inspections/{id}", get(api::inspections::show))
        .route("/api/v1/findings", get(api::inspections::findings))
        .route("/api/v1/initiatives", get(api::inspections::initiatives))
        .route("/api/v1/audit", get(api::audit::list))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::ROUTES;

    /// (method, path) of every `.route(…)` call in [`super::routes`], read from this file.
    fn registered() -> BTreeSet<(String, String)> {
        let src = include_str!("routes.rs");
        let body = src.split("pub fn routes()").nth(1).unwrap_or_default();
        let body = body.split("#[cfg(test)]").next().unwrap_or_default();
        let mut out = BTreeSet::new();
        // A call rustfmt spreads over lines (`.route(\n "…",`) reads like a one-line one.
        for call in body.split(".route(").skip(1) {
            let Some(call) = call.trim_start().strip_prefix('"') else { continue };
            let Some((path, rest)) = call.split_once('"') else { continue };
            let handlers = rest.split("))\n").next().unwrap_or(rest);
            for (token, method) in [("get(", "GET"), ("post(", "POST"), ("put(", "PUT"), ("delete(", "DELETE")] {
                if handlers.contains(token) {
                    out.insert((method.to_string(), path.to_string()));
                }
            }
        }
        out
    }

    #[test]
    fn the_router_and_the_access_table_list_the_same_routes() {
        let table: BTreeSet<(String, String)> = ROUTES.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
        let router = registered();
        assert!(router.len() > 50, "the parser found the routes: {}", router.len());
        let unlisted: Vec<_> = router.difference(&table).collect();
        let missing: Vec<_> = table.difference(&router).collect();
        assert!(unlisted.is_empty(), "routes without an access row in ROUTES: {unlisted:?}");
        assert!(missing.is_empty(), "ROUTES rows without a route: {missing:?}");
        assert_eq!(table.len(), ROUTES.len(), "no route is listed twice");
    }

    #[test]
    fn every_access_is_a_known_policy() {
        let known = [
            "public",
            "any_user",
            "unit_editor",
            "unit_reader",
            "unit_staff",
            "unit_head",
            "unit_focal",
            "office",
            "appraisers",
            "province_readers",
            "unit_actors",
            "admin",
        ];
        for (m, p, a) in ROUTES {
            assert!(known.contains(a), "{m} {p}: unknown access {a}");
        }
    }
}
