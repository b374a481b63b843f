//! Roles, access-token claims, and the extractors that turn a bearer token into an `AuthUser`.
//! Tokens are issued by the identity crate; every crate checks them here: the signature and
//! expiry locally, and through `TokenGuard` whether the sign-in behind the token still stands.

use std::fmt;
use std::future::ready;
use std::str::FromStr;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::{ApiError, ApiResult, Msg};

pub const ISSUER: &str = "latih";

/// What a person may do. A person holds one or more roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Learner,
    Instructor,
    Mentor,
    Supervisor,
    OrgAdmin,
    PlatformAdmin,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor, Role::OrgAdmin, Role::PlatformAdmin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Instructor => "instructor",
            Role::Mentor => "mentor",
            Role::Supervisor => "supervisor",
            Role::OrgAdmin => "org_admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim()).ok_or(())
    }
}

/// A sorted, duplicate-free set of roles; stored as `learner,org_admin`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles(Vec<Role>);

impl Roles {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Self {
        let mut roles: Vec<Role> = roles.into_iter().collect();
        roles.sort();
        roles.dedup();
        Self(roles)
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn as_slice(&self) -> &[Role] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The stored form; unknown words in a stored value are skipped.
    pub fn to_column(&self) -> String {
        self.0.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }

    pub fn from_column(column: &str) -> Self {
        Self::new(column.split(',').filter_map(|word| word.parse().ok()))
    }
}

/// The claims of an access token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub org: Option<Uuid>,
    pub roles: Vec<Role>,
    /// The sign-in session (refresh-token family) the token was issued in; signing out of it
    /// voids the token. Absent on tokens minted by tools and tests, which only the person's
    /// standing (active, same roles and organization) keeps valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
    pub iss: String,
    pub iat: i64,
    pub exp: i64,
}

/// Whether a token with a valid signature still speaks for a live sign-in: not signed out,
/// the session within its lifetime, the person active with the roles and organization the
/// token names. The identity crate implements it; the server registers it as `TokenGuard`.
pub trait TokenCheck: Send + Sync {
    fn check<'a>(&'a self, claims: &'a Claims) -> LocalBoxFuture<'a, ApiResult<()>>;
}

/// The registered `TokenCheck`; every `AuthUser` extraction asks it.
#[derive(Clone)]
pub struct TokenGuard(pub Arc<dyn TokenCheck>);

/// The session of the caller's token, stored in the request's extensions by the extractor.
#[derive(Clone, Copy, Debug)]
pub struct CurrentSession(pub Option<Uuid>);

impl CurrentSession {
    /// The caller's session id, when the request carried a session token.
    pub fn of(req: &HttpRequest) -> Option<Uuid> {
        req.extensions().get::<CurrentSession>().and_then(|s| s.0)
    }
}

/// The signing key of access tokens, with its id and the one algorithm accepted.
#[derive(Clone)]
pub struct TokenKeys {
    kid: String,
    algorithm: Algorithm,
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_ttl_secs: i64,
}

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenKeys").field("kid", &self.kid).field("algorithm", &self.algorithm).finish()
    }
}

impl TokenKeys {
    /// HMAC keys from a shared secret. `kid` names the key so it can be rotated later.
    pub fn hmac(secret: &[u8], kid: String, algorithm: Algorithm, access_ttl_secs: i64) -> Self {
        Self {
            kid,
            algorithm,
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            access_ttl_secs,
        }
    }

    /// Signs claims for a person outside any sign-in session (tools and tests); the token lives
    /// `access_ttl_secs` from `clock.now()`.
    pub fn issue(&self, clock: &Clock, sub: Uuid, org: Option<Uuid>, roles: &Roles) -> ApiResult<String> {
        self.sign(clock, sub, org, roles, None)
    }

    /// Signs claims for a person signed in as session `sid`; signing out voids the token.
    pub fn issue_in_session(
        &self,
        clock: &Clock,
        sub: Uuid,
        org: Option<Uuid>,
        roles: &Roles,
        sid: Uuid,
    ) -> ApiResult<String> {
        self.sign(clock, sub, org, roles, Some(sid))
    }

    fn sign(&self, clock: &Clock, sub: Uuid, org: Option<Uuid>, roles: &Roles, sid: Option<Uuid>) -> ApiResult<String> {
        let now = clock.now().timestamp();
        let claims = Claims {
            sub,
            org,
            roles: roles.as_slice().to_vec(),
            sid,
            iss: ISSUER.to_owned(),
            iat: now,
            exp: now + self.access_ttl_secs,
        };
        let mut header = Header::new(self.algorithm);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// Checks signature, algorithm, key id, issuer and expiry (against `clock`).
    pub fn verify(&self, clock: &Clock, token: &str) -> ApiResult<Claims> {
        let invalid = || {
            ApiError::Unauthenticated(Msg::new(
                "Token akses tidak sah atau kedaluwarsa.",
                "The access token is invalid or expired.",
            ))
        };
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.alg != self.algorithm || header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(invalid());
        }
        let mut validation = Validation::new(self.algorithm);
        validation.validate_exp = false;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map_err(|_| invalid())?;
        if data.claims.exp <= clock.now().timestamp() {
            return Err(invalid());
        }
        Ok(data.claims)
    }
}

/// The signed-in caller. Extracting it from a request without a valid token answers 401.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
    pub roles: Roles,
}

impl AuthUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(role)
    }

    pub fn is_platform_admin(&self) -> bool {
        self.has(Role::PlatformAdmin)
    }

    /// 403 unless the caller holds one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> ApiResult<()> {
        if roles.iter().any(|r| self.has(*r)) { Ok(()) } else { Err(ApiError::forbidden()) }
    }

    /// Whether the caller may administer `organization_id`: its org admins and platform admins.
    pub fn administers(&self, organization_id: Uuid) -> bool {
        self.is_platform_admin() || (self.has(Role::OrgAdmin) && self.organization_id == Some(organization_id))
    }

    /// Whether the caller belongs to `organization_id`.
    pub fn belongs_to(&self, organization_id: Uuid) -> bool {
        self.organization_id == Some(organization_id)
    }

    /// The caller of `req`: `None` without an `Authorization` header, 401 for a bad token or
    /// one whose sign-in no longer stands.
    fn from_bearer(req: &HttpRequest) -> LocalBoxFuture<'static, ApiResult<Option<Self>>> {
        let claims = match Self::verified_claims(req) {
            Ok(Some(claims)) => claims,
            Ok(None) => return Box::pin(ready(Ok(None))),
            Err(error) => return Box::pin(ready(Err(error))),
        };
        req.extensions_mut().insert(CurrentSession(claims.sid));
        let guard = req.app_data::<web::Data<TokenGuard>>().cloned();
        Box::pin(async move {
            let guard = guard.ok_or_else(|| ApiError::internal(anyhow::anyhow!("TokenGuard not registered")))?;
            guard.0.check(&claims).await?;
            Ok(Some(AuthUser { id: claims.sub, organization_id: claims.org, roles: Roles::new(claims.roles) }))
        })
    }

    fn verified_claims(req: &HttpRequest) -> ApiResult<Option<Claims>> {
        let Some(value) = req.headers().get(header::AUTHORIZATION) else {
            return Ok(None);
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .ok_or_else(ApiError::unauthenticated)?;
        let keys = req
            .app_data::<web::Data<TokenKeys>>()
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("TokenKeys not registered")))?;
        let clock = req
            .app_data::<web::Data<Clock>>()
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("Clock not registered")))?;
        keys.verify(clock, token).map(Some)
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = AuthUser::from_bearer(req);
        Box::pin(async move { user.await.and_then(|user| user.ok_or_else(ApiError::unauthenticated)) })
    }
}

/// The caller when a token is optional; a token that is present but bad is still a 401.
#[derive(Clone, Debug)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = AuthUser::from_bearer(req);
        Box::pin(async move { user.await.map(MaybeAuthUser) })
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::Algorithm;
    use uuid::Uuid;

    use super::{Role, Roles, TokenKeys};
    use crate::Clock;

    fn keys(secret: &[u8]) -> TokenKeys {
        TokenKeys::hmac(secret, "k1".into(), Algorithm::HS256, 900)
    }

    #[test]
    fn a_token_round_trips_and_expires() {
        let clock = Clock::system();
        let roles = Roles::new([Role::Learner]);
        let token = keys(b"secret").issue(&clock, Uuid::nil(), None, &roles).ok();
        let claims = token.as_deref().and_then(|t| keys(b"secret").verify(&clock, t).ok());
        assert_eq!(claims.map(|c| c.roles), Some(vec![Role::Learner]));
        clock.advance(chrono::Duration::minutes(16));
        assert!(token.as_deref().is_some_and(|t| keys(b"secret").verify(&clock, t).is_err()));
    }

    #[test]
    fn a_session_token_carries_its_session_id() {
        let clock = Clock::system();
        let sid = crate::ids::new_id();
        let token = keys(b"secret").issue_in_session(&clock, Uuid::nil(), None, &Roles::default(), sid).ok();
        let claims = token.as_deref().and_then(|t| keys(b"secret").verify(&clock, t).ok());
        assert_eq!(claims.and_then(|c| c.sid), Some(sid));
        let bare = keys(b"secret").issue(&clock, Uuid::nil(), None, &Roles::default()).ok();
        let claims = bare.as_deref().and_then(|t| keys(b"secret").verify(&clock, t).ok());
        assert_eq!(claims.map(|c| c.sid), Some(None));
    }

    #[test]
    fn another_key_or_algorithm_is_refused() {
        let clock = Clock::system();
        let token = keys(b"other").issue(&clock, Uuid::nil(), None, &Roles::default()).ok();
        assert!(token.as_deref().is_some_and(|t| keys(b"secret").verify(&clock, t).is_err()));
        let hs512 = TokenKeys::hmac(b"secret", "k1".into(), Algorithm::HS512, 900);
        let token = hs512.issue(&clock, Uuid::nil(), None, &Roles::default()).ok();
        assert!(token.as_deref().is_some_and(|t| keys(b"secret").verify(&clock, t).is_err()));
    }

    #[test]
    fn roles_are_stored_sorted_and_unique() {
        let roles = Roles::new([Role::OrgAdmin, Role::Learner, Role::Learner]);
        assert_eq!(roles.to_column(), "learner,org_admin");
        assert_eq!(Roles::from_column("org_admin,learner,bogus"), roles);
    }
}
