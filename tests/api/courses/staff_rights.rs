//! Issue 11, point 4: course-staff rights are judged at request time from the person's current
//! roles and organization, so they end when the instructor role is lost or the person moves,
//! even while an old access token is still valid.

use latih_identity::entity::user;
use latih_kernel::{Role, Roles};
use latih_tests::{TestUser, problem, send};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use uuid::Uuid;

use super::{World, id, titles};

/// Changes the person's stored roles and organization; their token stays as it was.
pub(super) async fn change(world: &World, who: &TestUser, roles: &[Role], organization_id: Option<Uuid>) {
    let row = user::Entity::find_by_id(who.id).one(&world.app.db).await.expect("query").expect("person");
    let mut active = row.into_active_model();
    active.roles = Set(Roles::new(roles.iter().copied()).to_column());
    active.organization_id = Set(organization_id);
    active.update(&world.app.db).await.expect("update person");
}

#[actix_web::test]
async fn an_instructor_who_loses_the_role_loses_their_courses() {
    let world = World::new().await;
    let draft = world.draft(json!({"title": "Draf Rahasia"})).await;
    let (published, lesson) = world.published(json!({"title": "Terbit"})).await;
    let (status, _) = send(world.app.patch(
        &format!("/api/v1/courses/{}", id(&draft)),
        &world.instructor.token,
        &json!({"title": "Masih staf"}),
    ))
    .await;
    assert_eq!(status, 200, "staff edit while they hold the role");
    change(&world, &world.instructor, &[Role::Learner], Some(world.kupang)).await;
    let edit = json!({"title": "Bukan staf lagi"});
    problem(
        world.app.patch(&format!("/api/v1/courses/{}", id(&draft)), &world.instructor.token, &edit),
        404,
        "not_found",
    )
    .await;
    problem(
        world.app.patch(&format!("/api/v1/courses/{}", id(&published)), &world.instructor.token, &edit),
        403,
        "forbidden",
    )
    .await;
    problem(
        world.app.patch(&format!("/api/v1/lessons/{}", id(&lesson)), &world.instructor.token, &edit),
        403,
        "forbidden",
    )
    .await;
    problem(
        world.app.get(&format!("/api/v1/courses/{}/enrollments", id(&published)), &world.instructor.token),
        403,
        "forbidden",
    )
    .await;
    let (_, catalog) = send(world.app.get("/api/v1/courses", &world.instructor.token)).await;
    assert_eq!(titles(&catalog), vec!["Terbit"], "the draft left their catalog");
    let (_, shown) = send(world.app.get(&format!("/api/v1/courses/{}", id(&published)), &world.admin.token)).await;
    assert_eq!(shown["instructors"].as_array().map(Vec::len), Some(0), "no longer shown as an instructor");
}

#[actix_web::test]
async fn an_instructor_who_moves_organization_loses_their_courses() {
    let world = World::new().await;
    let draft = world.draft(json!({})).await;
    let jayapura = world.other_admin.organization_id;
    change(&world, &world.instructor, &[Role::Instructor], jayapura).await;
    let edit = json!({"title": "Pindah"});
    problem(
        world.app.patch(&format!("/api/v1/courses/{}", id(&draft)), &world.instructor.token, &edit),
        404,
        "not_found",
    )
    .await;
    let publish = format!("/api/v1/courses/{}/publish", id(&draft));
    problem(world.app.post(&publish, &world.instructor.token, &json!({})), 404, "not_found").await;
    let (status, _) =
        send(world.app.patch(&format!("/api/v1/courses/{}", id(&draft)), &world.admin.token, &edit)).await;
    assert_eq!(status, 200, "the organization's admin still edits it");
}

#[actix_web::test]
async fn an_org_admin_who_loses_the_role_loses_the_organizations_courses() {
    let world = World::new().await;
    let draft = world.draft(json!({})).await;
    let path = format!("/api/v1/courses/{}", id(&draft));
    let (status, _) = send(world.app.get(&path, &world.admin.token)).await;
    assert_eq!(status, 200);
    change(&world, &world.admin, &[Role::Learner], Some(world.kupang)).await;
    problem(world.app.get(&path, &world.admin.token), 404, "not_found").await;
    problem(world.app.patch(&path, &world.admin.token, &json!({"title": "X"})), 404, "not_found").await;
}
