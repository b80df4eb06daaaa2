//! Who is asking, and what they may do. Sessions are loaded once per request by
//! [`session::load`]; handlers state their requirement in their signature with
//! [`Require`]`<Policy>`, and unit-scoped actions go through [`Auth::unit_editor`], which
//! returns a handle only for units the user may act for.

pub mod cookies;
pub mod csrf;
pub mod oversize;
pub mod policy;
pub mod session;

use cchc_domain::role::Role;
use cchc_domain::unit::UnitId;
use cchc_domain::user::{Actor, User};
use cchc_storage::model::Session;

pub use policy::{Require, UnitEditor};

/// A logged-in user with their browser session, or (on `/api/` only) the personal access
/// token they presented.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: User,
    /// The browser session, when the request carried the session cookie.
    pub session: Option<Session>,
    /// The personal access token, when the request carried one.
    pub token: Option<TokenGrant>,
}

/// What a presented personal access token grants: its owner's rights, narrowed to its scopes.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub id: i64,
    pub name: String,
    pub scopes: cchc_domain::api_token::Scopes,
}

/// What part of the province a user sees of unit-owned work: the domain's [`Visibility`],
/// which every storage read of unit-owned data takes.
pub use cchc_domain::visibility::Visibility as Scope;

impl Auth {
    /// The user as recorded in the audit log; a change made with a personal access token
    /// names the token too, so the log tells a machine's writes from the person's.
    pub fn actor(&self) -> Actor {
        let mut actor = Actor::user(&self.user);
        if let Some(t) = &self.token {
            actor.login = format!("{} [API: {}]", actor.login, t.name);
        }
        actor
    }

    /// Unit roles see their own unit only; everyone else the whole province.
    pub fn scope(&self) -> Scope {
        match (self.user.role.requires_unit(), self.user.unit_id) {
            (true, Some(u)) => Scope::Unit(u),
            // A unit role without a unit sees nothing; unit id 0 never exists.
            (true, None) => Scope::Unit(0),
            _ => Scope::Province,
        }
    }

    /// The reform office and administrators manage everything.
    pub fn is_office(&self) -> bool {
        matches!(self.user.role, Role::Admin | Role::Office)
    }

    /// A handle to act for `unit`: the office may act for any unit, unit roles only for
    /// their own. Everything that edits unit-owned data takes this handle.
    pub fn unit_editor(&self, unit: UnitId) -> Result<UnitEditor, crate::error::AppError> {
        let ok = self.is_office() || (self.user.role.requires_unit() && self.user.unit_id == Some(unit));
        if ok {
            Ok(UnitEditor::new(unit, self.actor()))
        } else {
            Err(crate::error::AppError::Forbidden)
        }
    }
}
