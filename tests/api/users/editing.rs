//! Who may edit whom with `PATCH /users/{id}`: only someone who could grant every role the
//! person holds (an org admin never edits a platform admin), inside an organization they
//! administer; and nobody changes their own roles, active flag, e-mail or password there.

use latih_kernel::Role;
use latih_tests::{PASSWORD, TestApp, TestUser, problem, send};
use reqwest::Method;
use serde_json::{Value, json};

/// The changes that would hand someone's account to the editor, or take it from its owner.
fn sensitive(target: &TestUser) -> Vec<Value> {
    vec![
        json!({"password": "Diambil-Alih-2026"}),
        json!({"email": format!("alih.{}", target.email)}),
        json!({"is_active": false}),
        json!({"roles": ["learner"]}),
    ]
}

fn path(target: &TestUser) -> String {
    format!("/api/v1/users/{}", target.id)
}

async fn signs_in(app: &TestApp, login: &str, password: &str) -> u16 {
    let body = json!({"login": login, "password": password});
    send(app.request(Method::POST, "/api/v1/auth/login").json(&body)).await.0.as_u16()
}

#[actix_web::test]
async fn an_org_admin_cannot_take_over_a_platform_admin_placed_in_their_organization() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let platform = app.user(Some(org), &[Role::PlatformAdmin]).await;
    for change in sensitive(&platform).into_iter().chain([json!({"name": "Diubah"})]) {
        problem(app.patch(&path(&platform), &admin.token, &change), 403, "forbidden").await;
    }
    assert_eq!(signs_in(&app, &platform.email, "Diambil-Alih-2026").await, 401);
    assert_eq!(signs_in(&app, &platform.email, PASSWORD).await, 200, "nothing changed");
    let (status, read) = send(app.get(&path(&platform), &admin.token)).await;
    assert_eq!((status.as_u16(), &read["roles"]), (200, &json!(["platform_admin"])), "reading is fine");
}

#[actix_web::test]
async fn an_org_admin_edits_everyone_else_of_their_organization_fellow_admins_included() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    for role in [Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor, Role::OrgAdmin] {
        let target = app.user(Some(org), &[role]).await;
        for change in sensitive(&target) {
            let (status, body) = send(app.patch(&path(&target), &admin.token, &change)).await;
            assert_eq!(status, 200, "{role} {change}: {body}");
        }
    }
}

#[actix_web::test]
async fn a_platform_admin_edits_anyone_other_platform_admins_included() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    for (organization, roles) in [
        (None, vec![Role::PlatformAdmin]),
        (Some(org), vec![Role::PlatformAdmin]),
        (Some(org), vec![Role::OrgAdmin]),
        (Some(org), vec![Role::Learner]),
    ] {
        let target = app.user(organization, &roles).await;
        for change in sensitive(&target) {
            let (status, body) = send(app.patch(&path(&target), &platform.token, &change)).await;
            assert_eq!(status, 200, "{roles:?} {change}: {body}");
        }
    }
}

#[actix_web::test]
async fn nobody_changes_their_own_roles_active_flag_email_or_password_here() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    for (me, roles) in [(&admin, json!(["org_admin"])), (&platform, json!(["platform_admin"]))] {
        for change in sensitive(me).into_iter().chain([json!({"roles": ["learner", "org_admin", "platform_admin"]})]) {
            problem(app.patch(&path(me), &me.token, &change), 403, "forbidden").await;
        }
        // The same values as stored are no change, and the rest of one's record is one's own.
        let same = json!({"name": "Nama Baru", "roles": roles, "email": me.email.to_uppercase(), "is_active": true});
        let (status, body) = send(app.patch(&path(me), &me.token, &same)).await;
        assert_eq!((status.as_u16(), &body["name"]), (200, &json!("Nama Baru")), "{body}");
    }
    assert_eq!(signs_in(&app, &admin.email, PASSWORD).await, 200);
}

#[actix_web::test]
async fn other_roles_edit_nobody_not_even_themselves() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let colleague = app.user(Some(org), &[Role::Learner]).await;
    for role in [Role::Learner, Role::Instructor, Role::Mentor, Role::Supervisor] {
        let someone = app.user(Some(org), &[role]).await;
        for change in sensitive(&colleague) {
            problem(app.patch(&path(&colleague), &someone.token, &change), 404, "not_found").await;
        }
        problem(app.patch(&path(&someone), &someone.token, &json!({"name": "Saya"})), 403, "forbidden").await;
    }
}

#[actix_web::test]
async fn an_org_admin_reaches_nobody_outside_their_organization() {
    let app = TestApp::new().await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let admin = app.user(Some(kupang), &[Role::OrgAdmin]).await;
    for target in [
        app.user(Some(jayapura), &[Role::Learner]).await,
        app.user(Some(jayapura), &[Role::OrgAdmin]).await,
        app.user(Some(jayapura), &[Role::PlatformAdmin]).await,
        app.user(None, &[Role::PlatformAdmin]).await,
    ] {
        for change in sensitive(&target) {
            problem(app.patch(&path(&target), &admin.token, &change), 404, "not_found").await;
        }
    }
}
