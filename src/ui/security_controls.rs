//! The encryption and access group: TLS, the eavesdropper, encryption at rest, signing in, and
//! the login's defences, read from the world each time the panels are published.

use yew::prelude::*;

use crate::sim::security::{AtRestView, AuthView, Capture, Tap, TlsView};
use crate::sim::{Command, Snapshot, World};

use super::access_panel::{access_panel, use_access_state, AccessState};
use super::disk_theft::{disk_theft, use_disk_theft_state, DiskTheftState};
use super::eavesdropper::{eavesdropper, use_eavesdropper_state, EavesdropperState};
use super::follow::WorldHandle;
use super::login_defences::login_defences;
use super::tls_controls::tls_controls;

/// What the group shows of the world, taken when the panels are published.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityPanels {
    /// TLS's settings and cost.
    pub tls: TlsView,
    /// The link the eavesdropper listens on, if any.
    pub tap: Option<Tap>,
    /// What it captured, newest last.
    pub captures: Vec<Capture>,
    /// Encryption at rest and its key.
    pub at_rest: AtRestView,
    /// Authentication, if the world has it.
    pub auth: Option<AuthView>,
}

impl SecurityPanels {
    /// The group's view of `world` now.
    pub fn of(world: &World) -> Self {
        SecurityPanels {
            tls: world.tls(),
            tap: world.tap(),
            captures: world.captures(),
            at_rest: world.at_rest(),
            auth: world.auth(),
        }
    }
}

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

/// The group: `panels` as last published, `snap` for the database and the time.
pub fn security_controls(
    panels: &SecurityPanels,
    snap: &Snapshot,
    world: &WorldHandle,
    oncommand: &Callback<Command>,
    state: &SecurityState,
) -> Html {
    html! {
        <>
            { tls_controls(&panels.tls, oncommand) }
            { eavesdropper(panels.tap, &panels.captures, oncommand, &state.eavesdropper) }
            { disk_theft(&panels.at_rest, snap.database.as_ref(), world, oncommand, &state.disk) }
            if let Some(auth) = &panels.auth {
                { access_panel(auth, snap.now, oncommand, &state.access) }
                { login_defences(&auth.config, oncommand) }
            }
        </>
    }
}
