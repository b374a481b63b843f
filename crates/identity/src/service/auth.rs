//! Sign-in, token refresh with rotation and reuse detection, and sign-out. Each sign-in is a
//! session (the refresh-token family) with an absolute end; access tokens name it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, Clock, Msg, Roles, TokenKeys};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::dto::TokenPair;
use crate::entity::{refresh_token, session, user};
use crate::password::Passwords;
use crate::service::throttle::{self, Attempt, Scope};
use crate::settings::IdentitySettings;

/// What sign-in needs besides the database.
#[derive(Clone, Debug)]
pub struct AuthServices {
    pub keys: TokenKeys,
    pub passwords: Passwords,
    pub settings: IdentitySettings,
    pub clock: Clock,
}

fn bad_credentials() -> ApiError {
    ApiError::Unauthenticated(Msg::new("Login atau kata sandi salah.", "Wrong login or password."))
}

fn bad_refresh() -> ApiError {
    ApiError::Unauthenticated(Msg::new(
        "Token penyegar tidak sah, sudah dipakai, atau kedaluwarsa.",
        "The refresh token is invalid, already used, or expired.",
    ))
}

fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    URL_SAFE_NO_PAD.encode(digest)
}

/// An e-mail (lower-cased) or a NIP (digits only).
fn normalize_login(login: &str) -> String {
    let compact: String = login.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 18 && compact.bytes().all(|b| b.is_ascii_digit()) {
        compact
    } else {
        login.trim().to_lowercase()
    }
}

async fn find_by_login(db: &impl ConnectionTrait, login: &str) -> ApiResult<Option<user::Model>> {
    let column = if login.contains('@') { user::Column::Email } else { user::Column::Nip };
    Ok(user::Entity::find().filter(column.eq(login)).one(db).await?)
}

/// Checks the password and answers a new token pair. The attempt is counted before the
/// password is checked (see `throttle`), so concurrent guesses cannot outrun the limit.
#[tracing::instrument(skip_all)]
pub async fn login(
    db: &DatabaseConnection,
    auth: &AuthServices,
    login: &str,
    password: String,
    client_address: &str,
) -> ApiResult<TokenPair> {
    let now = auth.clock.now();
    let login = normalize_login(login);
    let attempt = Attempt::new(Scope::SignIn, Some(&login), client_address);
    throttle::reserve(db, &attempt, &auth.settings, now).await?;
    let person = find_by_login(db, &login).await?.filter(|p| p.is_active);
    let stored = person.as_ref().and_then(|p| p.password_hash.clone());
    if !auth.passwords.verify(password, stored).await? {
        return Err(bad_credentials());
    }
    let Some(person) = person else {
        return Err(bad_credentials());
    };
    throttle::succeeded(db, &attempt, &auth.settings).await?;
    let txn = db.begin().await?;
    let session = session::ActiveModel {
        id: Set(new_id()),
        user_id: Set(person.id),
        created_at: Set(now),
        expires_at: Set(now + auth.settings.session_max),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let pair = issue_pair(&txn, auth, &person, &session, now).await?;
    txn.commit().await?;
    Ok(pair)
}

async fn issue_pair(
    db: &impl ConnectionTrait,
    auth: &AuthServices,
    person: &user::Model,
    session: &session::Model,
    now: DateTime<Utc>,
) -> ApiResult<TokenPair> {
    let roles = Roles::from_column(&person.roles);
    let access_token =
        auth.keys.issue_in_session(&auth.clock, person.id, person.organization_id, &roles, session.id)?;
    let refresh_token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    refresh_token::ActiveModel {
        id: Set(new_id()),
        user_id: Set(person.id),
        family_id: Set(session.id),
        token_hash: Set(hash_token(&refresh_token)),
        expires_at: Set((now + auth.settings.refresh_ttl).min(session.expires_at)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".to_owned(),
        expires_in: auth.keys.access_ttl_secs,
    })
}

/// The session of a refresh-token family. Families from before sessions existed get one,
/// dated from their first token, so they end when a session begun then would.
async fn session_of(
    db: &impl ConnectionTrait,
    auth: &AuthServices,
    stored: &refresh_token::Model,
) -> ApiResult<session::Model> {
    if let Some(found) = session::Entity::find_by_id(stored.family_id).one(db).await? {
        return Ok(found);
    }
    let first = refresh_token::Entity::find()
        .filter(refresh_token::Column::FamilyId.eq(stored.family_id))
        .order_by_asc(refresh_token::Column::CreatedAt)
        .one(db)
        .await?;
    let started = first.map_or(stored.created_at, |t| t.created_at);
    let model = session::ActiveModel {
        id: Set(stored.family_id),
        user_id: Set(stored.user_id),
        created_at: Set(started),
        expires_at: Set(started + auth.settings.session_max),
        revoked_at: Set(stored.revoked_at),
    }
    .insert(db)
    .await?;
    Ok(model)
}

async fn revoke_family(db: &impl ConnectionTrait, family_id: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(family_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Exchanges a refresh token for a new pair. A token presented twice revokes its whole family,
/// so a stolen token stops working for thief and owner alike; a session past its absolute end
/// (`session_max`) is over however often it was refreshed. Unknown tokens count against the
/// client address like wrong passwords.
#[tracing::instrument(skip_all)]
pub async fn refresh(
    db: &DatabaseConnection,
    auth: &AuthServices,
    token: &str,
    client_address: &str,
) -> ApiResult<TokenPair> {
    let now = auth.clock.now();
    let attempt = Attempt::new(Scope::Refresh, None, client_address);
    throttle::reserve(db, &attempt, &auth.settings, now).await?;
    let Some(stored) =
        refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(hash_token(token))).one(db).await?
    else {
        return Err(bad_refresh());
    };
    // A token we issued: whatever its fate, this was no guess.
    throttle::succeeded(db, &attempt, &auth.settings).await?;
    if stored.revoked_at.is_some() || stored.expires_at <= now {
        return Err(bad_refresh());
    }
    let txn = db.begin().await?;
    // Claim the token; of two racing refreshes only one updates the row.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(stored.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        txn.rollback().await?;
        tracing::warn!(family = %stored.family_id, "refresh token reused; revoking its family");
        revoke_family(db, stored.family_id, now).await?;
        return Err(bad_refresh());
    }
    let session = session_of(&txn, auth, &stored).await?;
    let person = user::Entity::find_by_id(stored.user_id).one(&txn).await?.filter(|p| p.is_active);
    let live = session.revoked_at.is_none() && session.expires_at > now;
    let (Some(person), true) = (person, live) else {
        txn.rollback().await?;
        revoke_family(db, stored.family_id, now).await?;
        return Err(bad_refresh());
    };
    let pair = issue_pair(&txn, auth, &person, &session, now).await?;
    txn.commit().await?;
    Ok(pair)
}

/// Revokes the family of `token`. Unknown tokens are ignored: sign-out always succeeds.
pub async fn logout(db: &DatabaseConnection, auth: &AuthServices, token: &str) -> ApiResult<()> {
    let stored =
        refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(hash_token(token))).one(db).await?;
    if let Some(stored) = stored {
        revoke_family(db, stored.family_id, auth.clock.now()).await?;
    }
    Ok(())
}

/// Ends every session of a person but `keep` (the caller's own, after a password change):
/// their refresh tokens and, within the token-check cache, their access tokens.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut tokens = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null());
    let mut sessions = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        tokens = tokens.filter(refresh_token::Column::FamilyId.ne(keep));
        sessions = sessions.filter(session::Column::Id.ne(keep));
    }
    tokens.exec(db).await?;
    sessions.exec(db).await?;
    Ok(())
}
