//! Certificates: the learner's list, the PDF (rendered once by a job and kept in media storage;
//! rendered on the fly, unstored, when asked before the job ran), and
//! the public verification by code.

use latih_courses::entity::course;
use latih_identity::entity::{organization, user};
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Page};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::certificate::code::normalize;
use crate::certificate::pdf::{CertificateText, render};
use crate::dto::{CertificateDto, Verification};
use crate::entity::certificate;

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

fn tanggal(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize % 12], date.year())
}

/// The caller's certificates, newest first.
pub async fn mine(db: &DatabaseConnection, actor: &AuthUser, page: &PageQuery) -> ApiResult<Page<CertificateDto>> {
    let limit = page.limit()?;
    let mut query = certificate::Entity::find().filter(certificate::Column::UserId.eq(actor.id));
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(certificate::Column::Id.lt(after));
    }
    let rows =
        query.order_by_desc(certificate::Column::Id).limit(limit + 1).find_also_related(course::Entity).all(db).await?;
    let (rows, next_cursor) = take_page(rows, limit, |(c, _)| c.id);
    let items = rows
        .into_iter()
        .map(|(c, course)| CertificateDto {
            id: c.id,
            code: c.code,
            number: c.number,
            course_id: c.course_id,
            course_title: course.map(|c| c.title).unwrap_or_default(),
            jp: c.jp,
            issued_at: c.issued_at,
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// What a reader of the PDF gets: the stored file once the render job has run, else one
/// rendered now and not stored (a GET never writes).
pub enum Pdf {
    Stored { filename: String, key: String, size: Option<u64> },
    Rendered { filename: String, bytes: Vec<u8> },
}

/// The PDF, for its owner and the admins of the owner's organization.
pub async fn pdf(db: &DatabaseConnection, actor: &AuthUser, certificate_id: Uuid, public_url: &str) -> ApiResult<Pdf> {
    let found = certificate::Entity::find_by_id(certificate_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let learner = user::Entity::find_by_id(found.user_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let allowed = found.user_id == actor.id
        || learner.organization_id.map_or(actor.is_platform_admin(), |org| actor.administers(org));
    if !allowed {
        return Err(ApiError::not_found());
    }
    let filename = format!("STTP-{}.pdf", found.code);
    if let Some(key) = found.pdf_key.clone() {
        return Ok(Pdf::Stored { filename, key, size: found.pdf_size.and_then(|s| u64::try_from(s).ok()) });
    }
    let bytes = render_pdf(db, &found, learner, public_url).await?;
    Ok(Pdf::Rendered { filename, bytes })
}

/// Renders the certificate as it was issued, for the person as they are on record.
pub async fn render_pdf(
    db: &impl sea_orm::ConnectionTrait,
    found: &certificate::Model,
    learner: user::Model,
    public_url: &str,
) -> ApiResult<Vec<u8>> {
    let course = course::Entity::find_by_id(found.course_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let issuer =
        organization::Entity::find_by_id(found.organization_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let agency = match learner.organization_id {
        Some(org) => organization::Entity::find_by_id(org).one(db).await?.map(|o| o.name),
        None => None,
    };
    let dates = if found.started_on == found.completed_on {
        tanggal(found.completed_on)
    } else {
        format!("{} s.d. {}", tanggal(found.started_on), tanggal(found.completed_on))
    };
    let bytes = render(&CertificateText {
        issuer: issuer.name,
        number: found.number.clone(),
        learner_name: learner.name,
        nip: learner.nip,
        rank: learner.rank,
        position: learner.position,
        agency,
        course_title: course.title,
        dates,
        jp: found.jp,
        verify_url: format!("{public_url}/api/v1/certificates/verify/{}", found.code),
        code: found.code.clone(),
    });
    Ok(bytes)
}

/// What anyone may learn from a code. An unknown code is simply not valid.
pub async fn verify(db: &DatabaseConnection, code: &str) -> ApiResult<Verification> {
    let not_valid = Verification {
        valid: false,
        learner_name: None,
        course_title: None,
        jp: None,
        issued_at: None,
        organization: None,
    };
    let Some(found) = certificate::Entity::find().filter(certificate::Column::Code.eq(normalize(code))).one(db).await?
    else {
        return Ok(not_valid);
    };
    let learner = user::Entity::find_by_id(found.user_id).one(db).await?;
    let course = course::Entity::find_by_id(found.course_id).one(db).await?;
    let issuer = organization::Entity::find_by_id(found.organization_id).one(db).await?;
    Ok(Verification {
        valid: true,
        learner_name: learner.map(|l| l.name),
        course_title: course.map(|c| c.title),
        jp: Some(found.jp),
        issued_at: Some(found.issued_at),
        organization: issuer.map(|o| o.name),
    })
}
