//! The encryption and access group: TLS, the eavesdropper, encryption at rest, signing in, and
//! the login's defences, as the world was when the panels were last published.

use yew::prelude::*;

use crate::sim::{Command, Snapshot};

use super::access_panel::{access_panel, use_access_state, AccessState};
use super::disk_theft::{disk_theft, use_disk_theft_state, DiskTheftState};
use super::eavesdropper::{eavesdropper, use_eavesdropper_state, EavesdropperState};
use super::follow::WorldHandle;
use super::login_defences::login_defences;
use super::tls_controls::tls_controls;

/// What the group's panels keep between renders.
pub struct SecurityState {
    eavesdropper: EavesdropperState,
    disk: DiskTheftState,
    access: AccessState,
}

/// The group's state.
#[hook]
pub fn use_security_state() -> SecurityState {
    SecurityState {
        eavesdropper: use_eavesdropper_state(),
        disk: use_disk_theft_state(),
        access: use_access_state(),
    }
}

/// The group: `snap` is the world as last published.
pub fn security_controls(
    snap: &Snapshot,
    world: &WorldHandle,
    oncommand: &Callback<Command>,
    state: &SecurityState,
) -> Html {
    html! {
        <>
            { tls_controls(&snap.tls, oncommand) }
            { eavesdropper(snap.tap, &snap.captures, oncommand, &state.eavesdropper) }
            { disk_theft(&snap.at_rest, snap.database.as_ref(), world, oncommand, &state.disk) }
            if let Some(auth) = &snap.auth {
                { access_panel(auth, snap.now, oncommand, &state.access) }
                { login_defences(&auth.config, oncommand) }
            }
        </>
    }
}
