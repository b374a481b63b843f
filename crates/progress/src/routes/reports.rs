//! `GET /reports/jp`: JSON, or CSV with `Accept: text/csv`.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use latih_kernel::{ApiResult, AuthUser, Clock, Query};
use sea_orm::DatabaseConnection;

use crate::dto::{JpReport, ReportParams};
use crate::service::reports;

/// An organization's JP compliance for a year: per unit (learners, compliant, percent) and
/// everyone below the 20 JP target. Org admins of that organization, platform admins.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportParams),
    responses(
        (status = 200, description = "The report (or CSV with Accept: text/csv)", body = JpReport,
            content_type = "application/json"),
        (status = 403, description = "Not an admin"),
        (status = 404, description = "Another organization"),
        (status = 422, description = "A year out of range"),
    )
)]
#[get("/reports/jp")]
pub async fn get_jp_report(
    req: HttpRequest,
    db: web::Data<DatabaseConnection>,
    clock: web::Data<Clock>,
    actor: AuthUser,
    params: Query<ReportParams>,
) -> ApiResult<HttpResponse> {
    let report = reports::jp_report(&db, &clock, &actor, params.0.organization_id, params.0.year).await?;
    if !latih_kernel::extract::wants_csv(&req) {
        return Ok(HttpResponse::Ok().json(report));
    }
    let lines = reports::csv_lines(&report)
        .into_iter()
        .map(|line| Ok::<_, actix_web::Error>(Bytes::from(format!("{line}\r\n"))));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"jp-{}.csv\"", report.year)))
        .streaming(futures_util::stream::iter(lines)))
}
