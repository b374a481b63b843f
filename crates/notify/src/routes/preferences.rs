//! `/me/notification-preferences`.

use actix_web::{get, put, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Json};
use sea_orm::DatabaseConnection;

use crate::dto::{PreferencesDto, UpdatePreferences};
use crate::service::preferences;

/// The caller's notification preferences, every event listed, defaults filled in.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The preferences", body = PreferencesDto))
)]
#[get("/me/notification-preferences")]
pub async fn get_my_notification_preferences(
    db: web::Data<DatabaseConnection>,
    actor: AuthUser,
) -> ApiResult<web::Json<PreferencesDto>> {
    preferences::mine(&**db, &actor).await.map(web::Json)
}

/// Change the caller's notification preferences; what is left out stays. Assignments and
/// deadlines (`enrollment.assigned`, `enrollment.due_soon`, `enrollment.overdue`) cannot be
/// turned off (422 `always_on`).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = UpdatePreferences,
    responses(
        (status = 200, description = "The preferences now", body = PreferencesDto),
        (status = 422, description = "An unknown event or digest, or a mandatory event turned off"),
    )
)]
#[put("/me/notification-preferences")]
pub async fn put_my_notification_preferences(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    body: Json<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<web::Json<PreferencesDto>> {
    // Read as an object first: serde would also take a struct from a JSON array, by position.
    let object = serde_json::to_vec(&body.into_inner()).map_err(latih_kernel::ApiError::internal)?;
    let change: UpdatePreferences = latih_kernel::extract::parse_json(&object)?;
    preferences::update(&**db, &clock, &actor, change).await.map(web::Json)
}
