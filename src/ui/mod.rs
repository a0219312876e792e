//! The browser view: Yew components over the simulation. The app owns the world; panels get
//! snapshots a few times a second; the moving dots are painted on a canvas every frame.

pub mod access_panel;
pub mod app;
pub mod attack_controls;
pub mod block_history;
pub mod botnet_node;
pub mod button;
pub mod canvas;
pub mod cards;
pub mod chart;
pub mod clock;
pub mod controls;
pub mod database_controls;
pub mod database_node;
pub mod database_table;
pub mod database_words;
pub mod defence_controls;
pub mod defence_knobs;
pub mod disk_theft;
pub mod eavesdropper;
pub mod edge_node;
pub mod edge_panel;
pub mod failure_controls;
pub mod firewall_editor;
pub mod follow;
pub mod frame_loop;
pub mod layout;
pub mod login_defences;
pub mod metrics_panel;
pub mod minute_charts;
pub mod narration;
pub mod particles;
pub mod rate_scale;
pub mod security_controls;
pub mod security_marks;
pub mod send;
pub mod server_node;
pub mod server_table;
pub mod shortcuts;
pub mod shot;
pub mod stage;
pub mod synced_input;
pub mod tls_controls;
pub mod trace_panel;

pub use app::App;
