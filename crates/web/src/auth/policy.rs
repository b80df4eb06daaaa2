//! Permissions as types. A handler that takes `Require<OfficeOnly>` cannot run for anyone
//! else; the extractor answers 401 (redirect to login) or 403 before the handler starts.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use cchc_domain::role::Role;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;

use super::Auth;
use crate::error::AppError;

/// A set of roles allowed to use a route.
pub trait Policy: Send + Sync + 'static {
    /// Name shown in the route table and its test.
    const NAME: &'static str;
    fn allows(role: Role) -> bool;
}

/// Any logged-in user.
pub struct AnyUser;
/// Administrators only: accounts, audit log.
pub struct AdminOnly;
/// The reform office and administrators: registry edits, plans, imports.
pub struct OfficeOnly;
/// Everyone who may read province-wide data: office, admin, leaders, appraisers.
pub struct ProvinceReaders;
/// Users who may act for a unit: unit roles (own unit) and the office (any unit).
pub struct UnitActors;

impl Policy for AnyUser {
    const NAME: &'static str = "any_user";
    fn allows(_: Role) -> bool {
        true
    }
}

impl Policy for AdminOnly {
    const NAME: &'static str = "admin";
    fn allows(r: Role) -> bool {
        r == Role::Admin
    }
}

impl Policy for OfficeOnly {
    const NAME: &'static str = "office";
    fn allows(r: Role) -> bool {
        matches!(r, Role::Admin | Role::Office)
    }
}

impl Policy for ProvinceReaders {
    const NAME: &'static str = "province_readers";
    fn allows(r: Role) -> bool {
        matches!(r, Role::Admin | Role::Office | Role::Leader | Role::Appraiser)
    }
}

impl Policy for UnitActors {
    const NAME: &'static str = "unit_actors";
    fn allows(r: Role) -> bool {
        matches!(r, Role::Admin | Role::Office | Role::UnitFocal | Role::UnitHead)
    }
}

/// Staff of a unit (focal points and heads): their unit's reports and plan.
pub struct UnitStaff;

impl Policy for UnitStaff {
    const NAME: &'static str = "unit_staff";
    fn allows(r: Role) -> bool {
        r.requires_unit()
    }
}

/// The extractor: a logged-in user whose role the policy `P` allows.
pub struct Require<P: Policy>(pub Auth, PhantomData<P>);

impl<P: Policy> std::ops::Deref for Require<P> {
    type Target = Auth;
    fn deref(&self) -> &Auth {
        &self.0
    }
}

impl<S: Send + Sync, P: Policy> FromRequestParts<S> for Require<P> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let auth = parts.extensions.get::<Option<Auth>>().cloned().flatten();
        match auth {
            None => Err(AppError::Unauthenticated {
                next: parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default(),
            }),
            Some(a) if P::allows(a.user.role) => Ok(Require(a, PhantomData)),
            Some(_) => Err(AppError::Forbidden),
        }
    }
}

/// Permission to change data owned by one unit; obtained only from [`Auth::unit_editor`].
#[derive(Debug, Clone)]
pub struct UnitEditor {
    unit: UnitId,
    actor: Actor,
}

impl UnitEditor {
    pub(super) fn new(unit: UnitId, actor: Actor) -> Self {
        Self { unit, actor }
    }

    /// The unit this handle may act for.
    pub fn unit(&self) -> UnitId {
        self.unit
    }

    /// Who acts, for the audit log.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

/// The appraisal side of the PAR index: the office and members of the appraisal council.
pub struct Appraisers;

impl Policy for Appraisers {
    const NAME: &'static str = "appraisers";
    fn allows(r: Role) -> bool {
        matches!(r, Role::Admin | Role::Office | Role::Appraiser)
    }
}

/// A unit's head (thủ trưởng): signs off what the unit submits.
pub struct UnitHeads;

impl Policy for UnitHeads {
    const NAME: &'static str = "unit_head";
    fn allows(r: Role) -> bool {
        r == Role::UnitHead
    }
}

/// A unit's focal point (cán bộ đầu mối): proposes the unit's initiatives.
pub struct UnitFocals;

impl Policy for UnitFocals {
    const NAME: &'static str = "unit_focal";
    fn allows(r: Role) -> bool {
        r == Role::UnitFocal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_by_role() {
        use Role::*;
        type Row<'a> = (&'a str, fn(Role) -> bool, &'a [Role]);
        let table: &[Row] = &[
            (AnyUser::NAME, AnyUser::allows, &Role::ALL),
            (AdminOnly::NAME, AdminOnly::allows, &[Admin]),
            (OfficeOnly::NAME, OfficeOnly::allows, &[Admin, Office]),
            (ProvinceReaders::NAME, ProvinceReaders::allows, &[Admin, Office, Appraiser, Leader]),
            (UnitActors::NAME, UnitActors::allows, &[Admin, Office, UnitFocal, UnitHead]),
            (UnitStaff::NAME, UnitStaff::allows, &[UnitFocal, UnitHead]),
        ];
        for (name, allows, roles) in table {
            for r in Role::ALL {
                assert_eq!(allows(r), roles.contains(&r), "{name} {r:?}");
            }
        }
    }
}
