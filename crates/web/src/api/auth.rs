//! The API's permission extractor: the same [`Require`]`<Policy>` as the HTML handlers, plus
//! the token's scope for the route's area. A session (browser) has every scope its role has;
//! a token only those it was given.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use cchc_domain::api_token::{Access, Area};

use super::problem::Problem;
use crate::auth::policy::Policy;
use crate::auth::{Auth, Require};

/// What a route needs of a token: an area and read or write.
pub trait Need: Send + Sync + 'static {
    const AREA: Area;
    const ACCESS: Access;
}

macro_rules! needs {
    ($($name:ident => $area:ident, $access:ident;)*) => {$(
        #[doc = concat!("Scope `", stringify!($area), ":", stringify!($access), "`.")]
        pub struct $name;
        impl Need for $name {
            const AREA: Area = Area::$area;
            const ACCESS: Access = Access::$access;
        }
    )*};
}

needs! {
    TasksRead => Tasks, Read;
    TasksWrite => Tasks, Write;
    ReportsRead => Reports, Read;
    ReportsWrite => Reports, Write;
    KpiRead => Kpi, Read;
    KpiWrite => Kpi, Write;
    ParRead => Par, Read;
    ParWrite => Par, Write;
    SipasRead => Sipas, Read;
    SipasWrite => Sipas, Write;
    RegistryRead => Registry, Read;
    AuditRead => Audit, Read;
    InspectionsRead => Inspections, Read;
}

/// A user the policy `P` allows, whose token (if any) has the scope `N`.
pub struct Api<P: Policy, N: Need>(pub Auth, PhantomData<(P, N)>);

impl<P: Policy, N: Need> std::ops::Deref for Api<P, N> {
    type Target = Auth;
    fn deref(&self) -> &Auth {
        &self.0
    }
}

/// The 403 detail for a token without the route's scope.
pub fn missing_scope(area: Area, access: Access) -> String {
    let a = match access {
        Access::Read => "read",
        Access::Write => "write",
    };
    format!("Mã truy cập không có phạm vi «{}:{a}» cần cho thao tác này.", area.code())
}

impl<S: Send + Sync, P: Policy, N: Need> FromRequestParts<S> for Api<P, N> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let auth = Require::<P>::from_request_parts(parts, state).await.map_err(Problem::from)?.0;
        if let Some(t) = &auth.token {
            if !t.scopes.allows(N::AREA, N::ACCESS) {
                return Err(Problem::new(StatusCode::FORBIDDEN, missing_scope(N::AREA, N::ACCESS)));
            }
        }
        Ok(Api(auth, PhantomData))
    }
}
