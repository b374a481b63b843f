//! JP claims for external training: filed with evidence by the learner, decided by an org admin
//! of the learner's organization (never by the claimant), approved ones entered in the ledger.

use chrono::Datelike;
use latih_kernel::ids::new_id;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page, PageQuery, Role};
use latih_media::entity::media;
use latih_media::model::{MediaStatus, Purpose};
use latih_notify::{Notice, NoticeKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use crate::dto::{ClaimDto, ClaimFilter, CreateClaim};
use crate::entity::{jp_claim, jp_entry};
use crate::events::JpClaimDecided;
use crate::model::{ClaimStatus, JpSource};

pub fn to_dto(m: jp_claim::Model) -> ClaimDto {
    ClaimDto {
        id: m.id,
        user_id: m.user_id,
        title: m.title,
        provider: m.provider,
        jp: m.jp,
        date: m.occurred_on,
        evidence_media_id: m.evidence_media_id,
        status: m.status,
        reason: m.reason,
        decided_at: m.decided_at,
        created_at: m.created_at,
    }
}

pub async fn file(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, input: CreateClaim) -> ApiResult<ClaimDto> {
    let mut errors = FieldErrors::new();
    let title = input.title.trim().to_owned();
    let provider = input.provider.trim().to_owned();
    if title.is_empty() || title.chars().count() > 200 {
        errors.add(
            "title",
            "invalid_title",
            Msg::new("Judul 1 sampai 200 karakter.", "A title has 1 to 200 characters."),
        );
    }
    if provider.is_empty() || provider.chars().count() > 200 {
        errors.add("provider", "required", Msg::new("Penyelenggara wajib diisi.", "The provider is required."));
    }
    if !(1..=200).contains(&input.jp) {
        errors.add("jp", "out_of_range", Msg::new("JP 1 sampai 200.", "jp is 1 to 200."));
    }
    if input.date.year() < 2000 || input.date > clock.now().date_naive() + chrono::Duration::days(1) {
        errors.add("date", "in_the_future", Msg::new("Tanggal belum terjadi.", "The date is in the future."));
    }
    let evidence = media::Entity::find_by_id(input.evidence_media_id).one(db).await?;
    let usable = evidence
        .is_some_and(|m| m.owner_id == actor.id && m.status == MediaStatus::Ready && m.purpose == Purpose::Evidence);
    if !usable {
        errors.add(
            "evidence_media_id",
            "invalid_evidence",
            Msg::new(
                "Bukti harus berkas Anda sendiri yang sudah siap, diunggah untuk keperluan evidence.",
                "Evidence must be your own ready file uploaded with purpose evidence.",
            ),
        );
    }
    errors.finish()?;
    let model = jp_claim::ActiveModel {
        id: Set(new_id()),
        user_id: Set(actor.id),
        organization_id: Set(actor.organization_id),
        title: Set(title),
        provider: Set(provider),
        jp: Set(input.jp),
        occurred_on: Set(input.date),
        evidence_media_id: Set(input.evidence_media_id),
        status: Set(ClaimStatus::Pending),
        reason: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?;
    Ok(to_dto(model))
}

/// The claim if the caller may decide it: an org admin (or platform admin) of the claimant's
/// organization who is not the claimant. Other organizations see 404.
async fn decidable(db: &DatabaseConnection, actor: &AuthUser, claim_id: Uuid) -> ApiResult<jp_claim::Model> {
    let claim = jp_claim::Entity::find_by_id(claim_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let administers = claim.organization_id.map_or(actor.is_platform_admin(), |org| actor.administers(org));
    if !administers {
        return Err(if claim.user_id == actor.id { ApiError::forbidden() } else { ApiError::not_found() });
    }
    if claim.user_id == actor.id {
        return Err(ApiError::Forbidden(Msg::new(
            "Klaim sendiri tidak dapat Anda putuskan.",
            "You cannot decide your own claim.",
        )));
    }
    if claim.status != ClaimStatus::Pending {
        return Err(ApiError::conflict(
            "claim_decided",
            Msg::new("Klaim ini sudah diputuskan.", "This claim was already decided."),
        ));
    }
    Ok(claim)
}

/// Marks the claim decided if it is still pending; false when someone decided it first.
async fn decide(
    db: &impl sea_orm::ConnectionTrait,
    claim_id: Uuid,
    status: ClaimStatus,
    reason: Option<String>,
    actor: &AuthUser,
    clock: &Clock,
) -> ApiResult<bool> {
    let decided = jp_claim::Entity::update_many()
        .col_expr(
            jp_claim::Column::Status,
            Expr::value(match status {
                ClaimStatus::Approved => "approved",
                ClaimStatus::Rejected => "rejected",
                ClaimStatus::Pending => "pending",
            }),
        )
        .col_expr(jp_claim::Column::Reason, Expr::value(reason))
        .col_expr(jp_claim::Column::DecidedBy, Expr::value(actor.id))
        .col_expr(jp_claim::Column::DecidedAt, Expr::value(clock.now()))
        .filter(jp_claim::Column::Id.eq(claim_id))
        .filter(jp_claim::Column::Status.eq(ClaimStatus::Pending))
        .exec(db)
        .await?;
    Ok(decided.rows_affected == 1)
}

fn decided_already() -> ApiError {
    ApiError::conflict("claim_decided", Msg::new("Klaim ini sudah diputuskan.", "This claim was already decided."))
}

/// Approves the claim and enters its JP in the claimant's ledger, in one transaction.
pub async fn approve(db: &DatabaseConnection, clock: &Clock, actor: &AuthUser, claim_id: Uuid) -> ApiResult<ClaimDto> {
    let claim = decidable(db, actor, claim_id).await?;
    let txn = db.begin().await?;
    if !decide(&txn, claim.id, ClaimStatus::Approved, None, actor, clock).await? {
        txn.rollback().await?;
        return Err(decided_already());
    }
    jp_entry::ActiveModel {
        id: Set(new_id()),
        user_id: Set(claim.user_id),
        organization_id: Set(claim.organization_id),
        year: Set(claim.occurred_on.year()),
        source: Set(JpSource::Claim),
        source_id: Set(claim.id),
        title: Set(format!("{} ({})", claim.title, claim.provider)),
        jp: Set(claim.jp),
        occurred_on: Set(claim.occurred_on),
        created_at: Set(clock.now()),
    }
    .insert(&txn)
    .await?;
    let saved = jp_claim::Entity::find_by_id(claim.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    announce_decision(&txn, clock, &saved, actor).await?;
    txn.commit().await?;
    Ok(to_dto(saved))
}

pub async fn reject(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    claim_id: Uuid,
    reason: &str,
) -> ApiResult<ClaimDto> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(ApiError::invalid(
            "reason",
            "required",
            Msg::new("Alasan penolakan wajib diisi.", "A reason is required."),
        ));
    }
    let claim = decidable(db, actor, claim_id).await?;
    let txn = db.begin().await?;
    if !decide(&txn, claim.id, ClaimStatus::Rejected, Some(reason.to_owned()), actor, clock).await? {
        txn.rollback().await?;
        return Err(decided_already());
    }
    let saved = jp_claim::Entity::find_by_id(claim.id).one(&txn).await?.ok_or_else(ApiError::not_found)?;
    announce_decision(&txn, clock, &saved, actor).await?;
    txn.commit().await?;
    Ok(to_dto(saved))
}

/// In the deciding transaction: `jp_claim.decided` for integrators, and the claimant told.
async fn announce_decision(
    txn: &DatabaseTransaction,
    clock: &Clock,
    claim: &jp_claim::Model,
    actor: &AuthUser,
) -> ApiResult<()> {
    let event = JpClaimDecided {
        claim_id: claim.id,
        user_id: claim.user_id,
        organization_id: claim.organization_id,
        decision: claim.status,
        jp: claim.jp,
        title: claim.title.clone(),
        reason: claim.reason.clone(),
        decided_by: actor.id,
        decided_at: claim.decided_at.unwrap_or_else(|| clock.now()),
    };
    latih_jobs::publish(txn, clock, &event).await?;
    let (title, jp) = (&claim.title, claim.jp);
    let (heading, body) = match (claim.status, claim.reason.as_deref()) {
        (ClaimStatus::Approved, _) => (
            Msg::new(format!("Klaim JP disetujui: {title}"), format!("JP claim approved: {title}")),
            Msg::new(
                format!("{jp} JP dari \"{title}\" masuk ke catatan JP Anda."),
                format!("{jp} JP for \"{title}\" were added to your JP record."),
            ),
        ),
        (_, reason) => {
            let reason = reason.unwrap_or("-");
            (
                Msg::new(format!("Klaim JP ditolak: {title}"), format!("JP claim rejected: {title}")),
                Msg::new(format!("Alasan: {reason}"), format!("Reason: {reason}")),
            )
        }
    };
    let notice = Notice {
        kind: NoticeKind::JpClaimDecided,
        organization_id: claim.organization_id,
        key: format!("jp_claim:{}:decided", claim.id),
        title: heading,
        body,
        link: Some("/me/jp".to_owned()),
        actor_id: Some(actor.id),
    };
    latih_notify::send(txn, clock, &[claim.user_id], &notice).await?;
    Ok(())
}

/// Claims of the caller's organization (org admins) or a named one (platform admins); a learner
/// sees their own.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    filter: &ClaimFilter,
    page: &PageQuery,
) -> ApiResult<Page<ClaimDto>> {
    let limit = page.limit()?;
    let mut query = jp_claim::Entity::find();
    if actor.has(Role::OrgAdmin) || actor.is_platform_admin() {
        let org = filter.organization_id.or(actor.organization_id);
        match org {
            Some(org) if actor.administers(org) => query = query.filter(jp_claim::Column::OrganizationId.eq(org)),
            Some(_) => return Err(ApiError::not_found()),
            None => query = query.filter(jp_claim::Column::UserId.eq(actor.id)),
        }
    } else {
        query = query.filter(jp_claim::Column::UserId.eq(actor.id));
    }
    if let Some(status) = filter.status {
        query = query.filter(jp_claim::Column::Status.eq(status));
    }
    if let Some(after) = page.after::<Uuid>()? {
        query = query.filter(jp_claim::Column::Id.lt(after));
    }
    let rows = query.order_by_desc(jp_claim::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |c| c.id, to_dto))
}
