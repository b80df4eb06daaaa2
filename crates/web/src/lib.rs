//! The cchc web application: server-rendered HTML (usable without JavaScript and on a
//! phone), Vietnamese first with an English switch.
//!
//! Layout: [`routes`] lists every route; [`pages`] return HTML, [`forms`] take posts,
//! [`files`] return downloads; [`auth`] finds the user and enforces permissions and CSRF;
//! [`render`] and [`views`] shape what templates show.

pub mod api;
mod audit_labels;
pub mod auth;
pub mod cache;
pub mod charts;
pub mod ctx;
pub mod error;
pub mod evidence;
pub mod files;
pub mod form;
pub mod forms;
mod frame;
pub mod i18n;
mod i18n_en;
mod i18n_en_api;
mod i18n_en_dashboard;
mod i18n_en_escalation;
mod i18n_en_initiatives;
mod i18n_en_insp_followup;
mod i18n_en_inspections;
mod i18n_en_par;
mod i18n_en_signoff;
mod i18n_en_sipas;
mod i18n_en_sipas_office;
mod i18n_en_sipas_public;
mod i18n_en_tasklist;
mod i18n_en_tracking;
mod i18n_en_ui;
mod i18n_en_unit_plans;
pub mod metrics;
pub mod pages;
pub mod public_pages;
pub mod qr;
pub mod render;
pub mod routes;
pub mod state;
pub mod system;
pub mod unit_names;
pub mod views;
pub mod views_tasks;

use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// The router with its middleware, ready to serve. Order (outermost first): trace, panic
/// guard, security headers, session (or API token), error pages in the user's frame, CSRF, body limit, the API's conventions
/// (`/api/` only), routes (metrics per matched route).
pub fn app(state: AppState) -> Router {
    let limit = state.config.limits.max_upload_bytes;
    routes::routes()
        .route_layer(from_fn_with_state(state.clone(), metrics::track))
        .route_layer(from_fn_with_state(state.clone(), cache::invalidate_on_change))
        .fallback(system::not_found)
        .layer(from_fn_with_state(state.clone(), api::layer::wrap))
        .layer(DefaultBodyLimit::max(limit))
        .layer(from_fn_with_state(state.clone(), auth::csrf::verify))
        .layer(from_fn(frame::errors))
        .layer(from_fn_with_state(state.clone(), auth::session::load))
        .layer(from_fn(system::headers))
        .layer(CatchPanicLayer::custom(|_| render::error_page(axum::http::StatusCode::INTERNAL_SERVER_ERROR, None)))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until Ctrl-C / SIGTERM, then lets in-flight requests finish.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
