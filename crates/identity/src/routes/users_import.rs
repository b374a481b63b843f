//! `POST /users/import`: the CSV roster, streamed.

use std::io;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, post, web};
use futures_util::StreamExt;
use latih_kernel::{ApiError, ApiResult, AuthUser, Lang, Msg, Query};
use sea_orm::DatabaseConnection;

use crate::dto::{ImportParams, RosterImportReport};
use crate::service::auth::AuthServices;
use crate::service::import;

fn too_large() -> ApiError {
    ApiError::TooLarge(Msg::new("Berkas roster melebihi batas ukuran.", "The roster file exceeds the size limit."))
}

/// Import a roster. Header row: `nip,name,email,employment_type,unit,position,rank,roles`
/// (`name` and `email` required; `unit` is a unit code or a unique unit name; `roles`
/// separated by `;`). Each line creates or updates one person, matched by NIP, else e-mail; a bad
/// line is reported and skipped. New people have no password until an admin sets one.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(ImportParams),
    request_body(content = String, content_type = "text/csv", description = "The roster"),
    responses(
        (status = 200, description = "What was created, updated and refused, per line", body = RosterImportReport),
        (status = 403, description = "Not an admin"),
        (status = 404, description = "Another organization"),
        (status = 413, description = "Over the size limit"),
        (status = 415, description = "Not text/csv"),
        (status = 422, description = "The header lacks a required column"),
    )
)]
#[post("/users/import")]
pub async fn import_users(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    services: web::Data<AuthServices>,
    actor: AuthUser,
    params: Query<ImportParams>,
    mut payload: web::Payload,
) -> ApiResult<web::Json<RosterImportReport>> {
    let organization_id = import::target_organization(&actor, params.0.organization_id)?;
    let is_csv = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .is_some_and(|essence| essence == "text/csv" || essence == "text/plain");
    if !is_csv {
        return Err(ApiError::UnsupportedMedia(Msg::new(
            "Roster harus berjenis text/csv.",
            "The roster must be text/csv.",
        )));
    }
    let limit = services.settings.import_max_bytes;
    let declared: Option<usize> =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    // The request body is not `Send`; pass its chunks through a small channel to the CSV
    // reader, which keeps at most a few chunks in memory and stops the upload past the limit.
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(4);
    let pump = async move {
        let mut seen = 0usize;
        while let Some(chunk) = payload.next().await {
            let item = match chunk {
                Ok(bytes) => {
                    seen += bytes.len();
                    if seen > limit { Err(io::Error::new(io::ErrorKind::InvalidData, "over limit")) } else { Ok(bytes) }
                }
                Err(error) => Err(io::Error::other(error.to_string())),
            };
            let stop = item.is_err();
            if sender.send(item).await.is_err() || stop {
                break;
            }
        }
    };
    let body = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let lang = Lang::from_request(&req);
    let (_, report) =
        futures_util::future::join(pump, import::import(&db, &services.clock, organization_id, body, lang)).await;
    report.map(web::Json)
}
