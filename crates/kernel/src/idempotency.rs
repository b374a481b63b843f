//! `Idempotency-Key` for activity writes a phone may retry: the first answer is stored, and a
//! replay with the same key (same caller, same operation) gets it back without running again.
//! A key is reserved before the work starts, so two copies racing run it once.

use std::future::{Future, Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, IntoActiveModel};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult, Msg};

/// A stored answer.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "idempotency_keys")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub scope: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        /// 0 while the first request runs.
        pub status: i32,
        pub body: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The `Idempotency-Key` header, when sent: 1 to 128 visible ASCII characters.
#[derive(Clone, Debug, Default)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get("idempotency-key") else {
            return ready(Ok(IdempotencyKey(None)));
        };
        let key = value.to_str().ok().map(str::trim).filter(|k| (1..=128).contains(&k.len()));
        ready(match key {
            Some(key) => Ok(IdempotencyKey(Some(key.to_owned()))),
            None => Err(ApiError::bad_request(Msg::new(
                "Idempotency-Key harus 1 sampai 128 karakter ASCII.",
                "Idempotency-Key must be 1 to 128 ASCII characters.",
            ))),
        })
    }
}

/// Claims a stale reservation for this request; false when another request claimed it first.
async fn take_over(
    db: &DatabaseConnection,
    row: &entity::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<bool> {
    let claimed = entity::Entity::update_many()
        .col_expr(entity::Column::CreatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(entity::Column::UserId.eq(row.user_id))
        .filter(entity::Column::Scope.eq(row.scope.clone()))
        .filter(entity::Column::Key.eq(row.key.clone()))
        .filter(entity::Column::Status.eq(0))
        .filter(entity::Column::CreatedAt.eq(row.created_at))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Runs the work of a reserved key and stores its answer (or frees the key when it failed).
async fn finish<T, F>(
    db: &DatabaseConnection,
    user_id: Uuid,
    scope: &str,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
    work: F,
) -> ApiResult<(u16, T)>
where
    T: Serialize + DeserializeOwned,
    F: Future<Output = ApiResult<(u16, T)>>,
{
    let key = key.to_owned();
    match work.await {
        Ok((status, body)) => {
            let stored = serde_json::to_string(&body).map_err(ApiError::internal)?;
            let row = entity::Model {
                user_id,
                scope: scope.to_owned(),
                key: key.clone(),
                status: 0,
                body: None,
                created_at: now,
            };
            let mut active = row.into_active_model();
            active.status = Set(i32::from(status));
            active.body = Set(Some(stored));
            active.update(db).await?;
            Ok((status, body))
        }
        Err(error) => {
            entity::Entity::delete_by_id((user_id, scope.to_owned(), key.clone())).exec(db).await?;
            Err(error)
        }
    }
}

impl IdempotencyKey {
    /// Runs `work` once per key for `user_id` and `scope`; a replay answers what the first run
    /// answered. Without a key, just runs `work`. A failed run frees the key for a retry.
    pub async fn run<T, F>(
        &self,
        db: &DatabaseConnection,
        user_id: Uuid,
        scope: &str,
        now: chrono::DateTime<chrono::Utc>,
        work: F,
    ) -> ApiResult<(u16, T)>
    where
        T: Serialize + DeserializeOwned,
        F: Future<Output = ApiResult<(u16, T)>>,
    {
        let Some(key) = &self.0 else { return work.await };
        let reservation = entity::ActiveModel {
            user_id: Set(user_id),
            scope: Set(scope.to_owned()),
            key: Set(key.clone()),
            status: Set(0),
            body: Set(None),
            created_at: Set(now),
        };
        if let Err(error) = entity::Entity::insert(reservation).exec(db).await {
            if !matches!(ApiError::from(error), ApiError::Conflict { .. }) {
                return Err(ApiError::internal(anyhow::anyhow!("idempotency reservation failed")));
            }
            let stored = entity::Entity::find_by_id((user_id, scope.to_owned(), key.clone())).one(db).await?;
            return match stored {
                Some(row) if row.status > 0 => {
                    let status = u16::try_from(row.status).unwrap_or(200);
                    let body =
                        serde_json::from_str(row.body.as_deref().unwrap_or("null")).map_err(ApiError::internal)?;
                    Ok((status, body))
                }
                // A first request that never finished (the client went away, the node died)
                // leaves its reservation behind; after a minute the key may be taken over.
                Some(row)
                    if row.created_at < now - chrono::Duration::seconds(60) && take_over(db, &row, now).await? =>
                {
                    finish(db, user_id, scope, key, now, work).await
                }
                _ => Err(ApiError::conflict(
                    "request_in_progress",
                    Msg::new(
                        "Permintaan dengan kunci ini masih diproses.",
                        "A request with this Idempotency-Key is still running.",
                    ),
                )),
            };
        }
        finish(db, user_id, scope, key, now, work).await
    }
}
