//! The signed-in person's own record and password.

use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{ChangePassword, UpdateMe, UserDto};
use crate::entity::user;
use crate::password::check_new_password;
use crate::service::auth::{AuthServices, revoke_all};
use crate::service::throttle::{self, Attempt, Scope};

/// The caller changes their own password; every other session of theirs ends. Wrong current
/// passwords are throttled like sign-ins, per person and client address.
pub async fn change_password(
    db: &DatabaseConnection,
    auth: &AuthServices,
    actor: &AuthUser,
    current_session: Option<Uuid>,
    client_address: &str,
    input: ChangePassword,
) -> ApiResult<()> {
    let now = auth.clock.now();
    let attempt = Attempt::new(Scope::PasswordChange, Some(&actor.id.to_string()), client_address);
    throttle::reserve(db, &attempt, &auth.settings, now).await?;
    let me = user::Entity::find_by_id(actor.id).one(db).await?.ok_or_else(ApiError::unauthenticated)?;
    if !auth.passwords.verify(input.current_password, me.password_hash.clone()).await? {
        return Err(ApiError::invalid(
            "current_password",
            "wrong_password",
            Msg::new("Kata sandi saat ini salah.", "The current password is wrong."),
        ));
    }
    throttle::succeeded(db, &attempt, &auth.settings).await?;
    let mut errors = FieldErrors::new();
    errors.check("new_password", check_new_password(&input.new_password));
    errors.finish()?;
    let hash = auth.passwords.hash(input.new_password).await?;
    let txn = db.begin().await?;
    let mut active = me.into_active_model();
    active.password_hash = Set(Some(hash));
    active.updated_at = Set(now);
    let me = active.update(&txn).await?;
    revoke_all(&txn, me.id, current_session, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The caller's own record.
pub async fn me(db: &impl ConnectionTrait, actor: &AuthUser) -> ApiResult<UserDto> {
    let me = user::Entity::find_by_id(actor.id).one(db).await?;
    me.filter(|m| m.is_active).map(UserDto::from).ok_or_else(ApiError::unauthenticated)
}

/// The caller changes their own settings (today: the language of their e-mail and notifications).
pub async fn update(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, input: UpdateMe) -> ApiResult<UserDto> {
    let me = user::Entity::find_by_id(actor.id)
        .one(db)
        .await?
        .filter(|m| m.is_active)
        .ok_or_else(ApiError::unauthenticated)?;
    let Some(language) = input.language else {
        return Ok(UserDto::from(me));
    };
    let mut active = me.into_active_model();
    {
        if !matches!(language.as_str(), "id" | "en") {
            return Err(ApiError::invalid(
                "language",
                "invalid_choice",
                Msg::new("Bahasa harus id atau en.", "The language must be id or en."),
            ));
        }
        active.language = Set(Some(language));
        active.updated_at = Set(clock.now());
    }
    Ok(UserDto::from(active.update(db).await?))
}
