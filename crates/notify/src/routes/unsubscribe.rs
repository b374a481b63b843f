//! `/notifications/unsubscribe`: the one-click unsubscribe of RFC 8058, named in every e-mail's
//! `List-Unsubscribe` header. No bearer token: the signed token names the person and the event.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, post, web};
use latih_kernel::{ApiError, ApiResult, Clock, Msg, Query};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::dto::Unsubscribed;
use crate::mail::{Mailer, UnsubscribeToken};
use crate::notice::NoticeKind;
use crate::service::preferences;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeParams {
    /// The token from the e-mail's link.
    pub token: String,
}

fn checked(mailer: &Mailer, token: &str) -> ApiResult<UnsubscribeToken> {
    UnsubscribeToken::verify(token, mailer.token_key()).ok_or_else(|| {
        ApiError::invalid(
            "token",
            "invalid_token",
            Msg::new("Tautan berhenti berlangganan ini tidak sah.", "This unsubscribe link is not valid."),
        )
    })
}

/// Turn off the e-mail the token names (one event, or all e-mail for a digest's link). Mail
/// clients POST `List-Unsubscribe=One-Click` here; the body is not needed. Repeating it changes
/// nothing.
#[utoipa::path(
    tag = "notifications",
    params(UnsubscribeParams),
    responses(
        (status = 200, description = "That e-mail is off", body = Unsubscribed),
        (status = 400, description = "No token"),
        (status = 422, description = "The token is not valid"),
    )
)]
#[post("/notifications/unsubscribe")]
pub async fn unsubscribe_notifications(
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    mailer: web::Data<Mailer>,
    params: Query<UnsubscribeParams>,
) -> ApiResult<web::Json<Unsubscribed>> {
    let token = checked(&mailer, &params.0.token)?;
    if token.event == "digest" {
        let mut prefs = preferences::load(&**db, token.user_id).await?;
        if prefs.email {
            prefs.email = false;
            preferences::store(&**db, &clock, token.user_id, &prefs).await?;
        }
    } else if let Some(kind) = NoticeKind::parse(&token.event) {
        preferences::unsubscribe(&**db, &clock, token.user_id, kind).await?;
    }
    Ok(web::Json(Unsubscribed { event: token.event }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribePageParams {
    /// The token from the e-mail's link; without it the page says where to find the link.
    pub token: Option<String>,
}

fn page(inner: &str) -> HttpResponse {
    HttpResponse::Ok().content_type(ContentType::html()).body(format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Latih</title></head>\
         <body>{inner}</body></html>"
    ))
}

/// A page with one button that POSTs the unsubscribe, for people who open the link in a
/// browser. Reading it changes nothing.
#[utoipa::path(
    tag = "notifications",
    params(UnsubscribePageParams),
    responses(
        (status = 200, description = "An HTML page with the confirm button", content_type = "text/html", body = String),
        (status = 400, description = "Malformed query"),
        (status = 422, description = "The token is not valid"),
    )
)]
#[get("/notifications/unsubscribe")]
pub async fn get_unsubscribe_page(
    mailer: web::Data<Mailer>,
    params: Query<UnsubscribePageParams>,
) -> ApiResult<HttpResponse> {
    let Some(raw) = params.0.token else {
        return Ok(page(
            "<p>Buka tautan berhenti berlangganan dari e-mail Latih Anda. / \
             Open the unsubscribe link from your Latih e-mail.</p>",
        ));
    };
    let token = checked(&mailer, &raw)?;
    let action = format!("/api/v1/notifications/unsubscribe?token={}", token.sign(mailer.token_key()));
    Ok(page(&format!(
        "<form method=\"post\" action=\"{}\"><p>Berhenti menerima e-mail ini? / Stop these e-mails?</p>\
         <button type=\"submit\">Ya / Yes</button></form>",
        crate::mail::escape(&action)
    )))
}
