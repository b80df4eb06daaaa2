//! The shared storage suite: every case runs on SQLite, and on PostgreSQL when
//! `CCHC_TEST_DATABASE_URL` is set (`.ci/run` sets it). Each test gets a fresh database
//! (a temporary SQLite file, or its own PostgreSQL schema).

mod accounts;
mod bulk;
mod cases;
mod dashboard;
mod harness;
mod initiative;
mod inspection;
mod kpi;
mod login;
mod notify;
mod par;
mod par_areas;
mod par_links;
mod par_owner;
mod plans;
mod reports;
mod signoff;
mod sipas;
mod sipas_submit;
mod snapshot;
mod tamper;
mod target_links;
mod tokens;
mod tracking;
mod unit_plans;
mod visibility;
mod workdays;

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let h = crate::harness::sqlite().await;
                    crate::cases::$name(&h).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(h) = crate::harness::postgres().await else {
                        eprintln!("CCHC_TEST_DATABASE_URL not set: PostgreSQL case skipped");
                        return;
                    };
                    crate::cases::$name(&h).await;
                    h.cleanup().await;
                }
            )*
        }
    };
}

suite!(
    units_create_search_update,
    unit_parent_cycles_and_duplicate_codes_are_refused,
    merge_ends_predecessors_and_links_successor,
    absorbing_merge_keeps_the_absorber,
    change_with_bad_shape_writes_nothing,
    registry_import_is_idempotent,
    registry_import_is_all_or_nothing,
    users_and_credentials,
    sessions_live_expire_and_end,
    login_throttle_locks_and_clears,
    login_delays_grow_with_each_failure,
    audit_chain_verifies_and_detects_edits,
    audit_detects_deleted_entries,
    audit_log_is_append_only,
    concurrent_writes_keep_one_chain,
    every_kind_of_tampering_is_caught,
    claim_job_is_once_only,
    snapshot_is_a_consistent_copy,
    settings_round_trip,
    audit_filters,
    kpi_dossiers_upsert_by_code_with_change_numbers,
    kpi_import_dropped_without_commit_writes_nothing,
    kpi_settle_copies_the_log_into_the_database_file,
    kpi_bulk_import_crosses_chunks_and_dedupes,
    kpi_grouped_import_reports_and_audits_each_share,
    kpi_scope_limits_dossier_lists,
    kpi_catalogue_methodologies_unit_codes_and_portal_figures,
    plans_are_stored_and_read_back,
    external_actors_are_kept_with_their_task,
    unit_plans_are_owned_linked_and_submit_the_plan_report,
    a_revision_supersedes_the_old_version,
    import_drafts_lifecycle,
    instances_are_listed_by_unit_and_state,
    actions_are_versioned_and_keep_history_and_evidence,
    a_revision_keeps_instance_progress,
    events_set_due_dates_and_reorganisations_move_work,
    digest_claim_is_exclusive,
    claims_are_listed_by_exact_prefix,
    notifications_are_scoped_by_unit,
    mail_retry_bookkeeping,
    unit_recipients_are_its_accounts_and_contact,
    reports_are_drafted_submitted_once_and_reviewed,
    a_report_post_is_one_write,
    a_report_post_names_the_version_it_saw,
    no_read_returns_another_units_draft,
    a_report_waits_for_its_heads_signoff,
    adhoc_requests_reach_only_the_units_asked,
    par_sets_version_and_freeze,
    par_assessment_goes_the_whole_way,
    par_round_marks_are_each_assessments_marks,
    par_bands_version_and_stay_as_approved,
    par_area_appraisers_replace_and_lock,
    par_links_are_the_units_own_and_close_with_submission,
    par_owner_statuses_replace_per_quarter_and_are_audited,
    target_values_lock_with_the_report,
    a_units_targets_are_its_own_and_its_provinces,
    bulk_units_store_parents_changes_and_one_audit_entry,
    bulk_progress_sets_state_history_and_is_all_or_nothing,
    bulk_reports_are_stored,
    on_time_tallies_match_the_domain_ranking,
    state_counts_by_area_match_per_area_counts,
    work_calendar_is_saved_whole_and_due_moves_touch_open_work_only,
    inspections_plan_record_remedy_close,
    initiatives_propose_evaluate_recognise_adopt,
    api_tokens_live_expire_and_revoke,
    api_request_counts_are_shared_per_token_and_window,
    sipas_tokens_are_used_once_with_the_answers,
    public_submissions_are_counted_refused_and_stored_in_one_group,
    snapshots_version_changes_with_every_publication,
    grouped_verdicts_are_those_of_one_by_one,
    a_large_group_is_written_in_chunks,
    target_links_survive_revisions_and_are_audited,
);
