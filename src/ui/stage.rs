//! The stage: the topology drawn as SVG by Yew (clients and, during an attack, the botnet; the
//! edge; the balancer; servers and, when the world has one, the database tier behind them), with
//! the canvas of moving dots laid over it, and above the dots a layer that keeps the sources',
//! the edge's and the balancer's labels readable and shows when time is paused. It flows across
//! when it is wide and down when it is narrow, as its width says. Under it, the legend and the
//! panel that follows one request; a click near a moving dot follows that dot's request.

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::database::DatabaseView;
use crate::sim::snapshot::ServerView;
use crate::sim::{Command, ServerId, ServerStatus, Snapshot};

use super::botnet_node::{botnet_glyph, botnet_label, use_botnet};
use super::canvas::{
    ATTACK_COLOUR, BLOCKED_COLOUR, DROP_COLOUR, FAIL_COLOUR, REQUEST_COLOUR, RESPONSE_COLOUR,
};
use super::database_node::{database_node, DatabaseNodeProps};
use super::edge_node::{edge_glyph, edge_label};
use super::follow::{Follow, WorldHandle};
use super::layout::{Flow, Label, Layout, Point, Route};
use super::particles::nearest;
use super::security_marks::security_marks;
use super::server_node::{server_node, ServerNodeProps};
use super::shot::Shot;
use super::trace_panel::{trace_panel, use_trace_note, TracePanelProps};
use crate::format::{count, number, rate, svg_number};

/// How near a click must be to a dot to follow its request, in user units.
const PICK_WITHIN: f64 = 14.0;

/// What the badge on a paused stage says, after its pause symbol.
pub const PAUSED_TEXT: &str = "Paused — press Play or Space";

/// Props of [`Stage`].
#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The world to draw.
    pub snapshot: Shot,
    /// The server the learner selected, if any.
    pub selected: Option<ServerId>,
    /// Called when a server is clicked or activated.
    pub onselect: Callback<ServerId>,
    /// Called with the command a database glyph asks for: fail or replace a disk, crash or
    /// restore a node.
    pub oncommand: Callback<Command>,
    /// The canvas the frame loop paints dots on.
    pub canvas: NodeRef,
    /// Requests each dot stands for.
    pub per_dot: u64,
    /// Whether the simulation cannot keep up with the chosen speed.
    pub behind: bool,
    /// Whether time is paused.
    pub paused: bool,
    /// Called with the way the stage flows whenever it measures itself anew.
    pub onflow: Callback<Flow>,
    /// The world, to find the request under a click and to pick one to follow.
    pub world: WorldHandle,
    /// The request the learner follows, shared with the frame loop that rings its dot.
    pub follow: Rc<Follow>,
    /// Reduced motion: no moving dots; each server's link is as thick as its share of the
    /// requests served in the last second, with the count written on it.
    #[prop_or_default]
    pub still: bool,
}

/// The client icons with their label: drawn in the topology, and again above the dots.
fn clients(layout: &Layout, snap: &Snapshot) -> Html {
    let Label { at, anchor } = layout.clients_label;
    let x = number(at.x);
    html! {
        <>
            { for layout.clients.iter().map(|c| html! {
                <g transform={format!("translate({} {})", number(c.x), number(c.y))}>
                    <circle class="head" cy="-14" r="9" />
                    <path class="body" d="M -16 14 Q -16 -2 0 -2 Q 16 -2 16 14 Z" />
                </g>
            }) }
            <text class="label" x={x.clone()} y={number(at.y)} text-anchor={anchor}>{"Clients"}</text>
            <text class="small" {x} y={number(at.y + 18.0)} text-anchor={anchor}>
                { format!("{} req/s{}", rate(snap.arrival_rate), if snap.bursting { " · rush" } else { "" }) }
            </text>
        </>
    }
}

/// The balancer's diamond with its label and algorithm, in coordinates about its centre: drawn
/// in the topology, and again above the dots.
fn balancer(layout: &Layout, snap: &Snapshot) -> Html {
    let Label { at, anchor } = layout.balancer_note;
    let (x, y) = (number(at.x - layout.balancer.x), number(at.y - layout.balancer.y));
    html! {
        <>
            <polygon points="0,-46 52,0 0,46 -52,0" />
            <text class="label" y="5" text-anchor="middle">{"LB"}</text>
            <text class="small" {x} {y} text-anchor={anchor}>{ snap.algorithm.name() }</text>
        </>
    }
}

/// A layout with its links written as SVG `points` attributes, made again only when the servers
/// on the stage, the database's nodes or the flow change (not with every snapshot).
struct Laid {
    /// Where everything is.
    layout: Layout,
    /// The ways in from each source, as [`Layout::ways_in`].
    ways_in: Vec<AttrValue>,
    /// The botnet's way in.
    attack_way: AttrValue,
    /// The link to each server, as [`Layout::routes`].
    routes: Vec<AttrValue>,
    /// The links from servers to database nodes, as [`Layout::database_routes`].
    database_routes: Vec<AttrValue>,
}

impl Laid {
    fn new(layout: Layout) -> Laid {
        let all = |routes: &[Route]| routes.iter().map(|r| AttrValue::from(r.svg_points())).collect();
        Laid {
            ways_in: all(&layout.ways_in),
            attack_way: layout.attack_way.svg_points().into(),
            routes: all(&layout.routes),
            database_routes: all(&layout.database_routes),
            layout,
        }
    }
}

/// The link to one server, dashed unless the balancer sends it requests (a crashed server it
/// has not caught yet still gets them, so its link stays solid).
fn link((server, points): (&ServerView, &AttrValue)) -> Html {
    let class = classes!(
        "link",
        (!server.in_rotation).then_some("inactive"),
        (server.status == ServerStatus::Removed).then_some("removed"),
    );
    html! { <polyline {class} points={points.clone()} /> }
}

/// A server's link drawn still: its thickness is its share of the most any server served in the
/// last second (`most`), and the count is written three quarters of the way along its last
/// stretch, near the server.
fn still_link((server, points): (&ServerView, &AttrValue), route: Option<&Route>, most: u64) -> Html {
    let share = if most == 0 { 0.0 } else { server.served_last_second as f64 / most as f64 };
    // Six widths, by class (the page's policy allows no inline style).
    let width = format!("w{}", (share * 5.0).round() as u32);
    let label = route.and_then(|r| match r.points() {
        [.., from, to] => Some(from.lerp(*to, 0.75)),
        _ => None,
    });
    html! {
        <>
            <polyline class={classes!("link", "still-link", width)} points={points.clone()} />
            if let Some(at) = label {
                <text class="flow-count" x={svg_number(at.x)} y={svg_number(at.y - 4.0)}>
                    { format!("{}/s", count(server.served_last_second)) }
                </text>
            }
        </>
    }
}

/// The links from every server to database node `node`, drawn light; dashed while the node is
/// down.
fn database_links(laid: &Laid, db: &DatabaseView, up: bool) -> Html {
    let class = classes!("link", "db-link", (!up).then_some("inactive"));
    let nodes = laid.layout.database.len();
    html! {
        { for db.nodes.iter().filter(|n| n.up == up && n.id.index() < nodes).flat_map(|n| {
            (0..laid.layout.servers.len()).map(move |i| &laid.database_routes[i * nodes + n.id.index()])
        }).map(|points| html! { <polyline class={class.clone()} points={points.clone()} /> }) }
    }
}

/// The database nodes, each with its disks.
fn database_nodes(layout: &Layout, db: &DatabaseView, now: u64, oncommand: &Callback<Command>) -> Html {
    html! {
        { for db.nodes.iter().zip(&layout.database).map(|(node, at)| {
            // A pending failover is shown on the primary that is down.
            let failover_in =
                db.failover_at.filter(|_| node.id == db.primary && !node.up).map(|at| at.saturating_sub(now));
            database_node(&DatabaseNodeProps {
                node: node.clone(), workers: db.workers, failover_in, at: *at, oncommand: oncommand.clone(),
            })
        }) }
    }
}

/// The legend's key to the disks, when the world has a database.
fn disk_key() -> Html {
    html! {
        <span class="disk-key">
            {"Disks:"}
            <svg class="key" viewBox="0 0 10 10" aria-hidden="true"><rect class="healthy" x="2" y="1.5" width="6" height="7" rx="1.5" /></svg>{"disk healthy"}
            <svg class="key" viewBox="0 0 10 10" aria-hidden="true"><path class="failed" d="M2 2 L8 8 M8 2 L2 8" /></svg>{"failed"}
            <svg class="key" viewBox="0 0 10 10" aria-hidden="true"><rect class="rebuilding" x="2" y="1.5" width="6" height="7" rx="1.5" /></svg>{"rebuilding"}
            <span class="disk-hint">{" · click one to fail or replace it"}</span>
        </span>
    }
}

/// The legend's keys to the botnet's traffic (orange diamonds) and to requests blocked at the
/// edge (sky-blue bars).
fn attack_keys(attack: bool, blocking: bool) -> Html {
    let (d, bar) = ("M5 0.5 L9.5 5 L5 9.5 L0.5 5 Z", "M0.5 3 H9.5 V7 H0.5 Z");
    html! {
        <>
            if attack {
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><path {d} fill={ATTACK_COLOUR} /></svg>{"botnet's traffic"}</span>
            }
            if blocking {
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><path d={bar} fill={BLOCKED_COLOUR} /></svg>{"blocked at the edge"}</span>
            }
        </>
    }
}

/// What a click on the topology does: unless it is on a server or a database node (which take
/// their own clicks), follows the request whose dot is nearest it, if one is near.
fn pick_on_click(
    topology: NodeRef,
    world: WorldHandle,
    follow: Rc<Follow>,
    flow: Flow,
    per_dot: u64,
    redraw: Callback<()>,
) -> Callback<MouseEvent> {
    Callback::from(move |event: MouseEvent| {
        let on_a_glyph = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.closest(".server-node, .db-node").ok().flatten().is_some());
        let Some(svg) = topology.cast::<web_sys::Element>() else { return };
        let Ok(world) = world.0.try_borrow() else { return };
        let frame = svg.get_bounding_client_rect();
        if on_a_glyph || frame.width() <= 0.0 || frame.height() <= 0.0 {
            return;
        }
        let layout = Layout::for_world(&world, flow);
        let at = Point {
            x: (f64::from(event.client_x()) - frame.left()) / frame.width() * layout.width,
            y: (f64::from(event.client_y()) - frame.top()) / frame.height() * layout.height,
        };
        if let Some(id) = nearest(&world, &layout, per_dot, at, PICK_WITHIN) {
            follow.pick(&world, id);
            redraw.emit(());
        }
    })
}

/// A badge saying that time is paused, centred on `at`: above the clients and clear of the
/// servers. The text is fitted to its plate whatever the font.
fn paused_badge(at: Point) -> Html {
    html! {
        <g class="paused-badge" transform={format!("translate({} {})", number(at.x), number(at.y))}>
            <rect class="plate" x="-166" y="-19" width="332" height="38" rx="19" />
            <rect class="bar" x="-144" y="-8" width="5" height="16" rx="1" />
            <rect class="bar" x="-135" y="-8" width="5" height="16" rx="1" />
            <text x="-120" y="6" textLength="270">{ PAUSED_TEXT }</text>
        </g>
    }
}

/// Which way the stage (the element `node` refers to) flows, measured from its width once it is
/// drawn and again whenever the window changes size, and told to `onflow` for the layouts made
/// away from it: the frame loop's, for the moving dots.
#[hook]
fn use_flow(node: NodeRef, onflow: Callback<Flow>) -> Flow {
    let current = use_state_eq(Flow::default);
    {
        let current = current.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(stage) = node.cast::<web_sys::Element>() {
                    let measured = Flow::for_width(f64::from(stage.client_width()));
                    if *current != measured {
                        onflow.emit(measured);
                    }
                    current.set(measured);
                }
            };
            measure();
            let resized =
                web_sys::window().map(|window| EventListener::new(&window, "resize", move |_| measure()));
            move || drop(resized)
        });
    }
    *current
}

/// The sources, the edge, the load balancer, servers and the links between them.
#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let snap = &props.snapshot;
    let node = use_node_ref();
    let flow = use_flow(node.clone(), props.onflow.clone());
    let botnet = use_botnet(snap);
    let redraw = {
        let force = use_force_update();
        Callback::from(move |()| force.force_update())
    };
    let trace_note = use_trace_note(props.follow.clone(), redraw.clone());
    // Servers removed a moment ago are listed too, shown leaving; they keep their place.
    let ids: Vec<ServerId> = snap.servers.iter().map(|s| s.id).collect();
    let nodes = snap.database.as_ref().map_or(0, |db| db.nodes.len());
    let laid =
        use_memo((ids, nodes, flow), |(ids, nodes, flow)| Laid::new(Layout::arranged(ids, *nodes, *flow)));
    let layout = &laid.layout;
    let glyph = layout.glyph();
    let view_box = format!("0 0 {} {}", number(layout.width), number(layout.height));
    let at = |p: Point| format!("translate({} {})", number(p.x), number(p.y));
    let clients_label = format!("Clients: sending {} requests per second", rate(snap.arrival_rate));
    let balancer_label = format!("Load balancer using {}", snap.algorithm.name());
    let links = || snap.servers.iter().zip(&laid.routes);
    let most_served =
        snap.servers.iter().filter(|s| s.in_rotation).map(|s| s.served_last_second).max().unwrap_or(0);
    let db = snap.database.as_ref();
    let edge = &snap.edge;
    let topology = use_node_ref();
    let onclick = pick_on_click(
        topology.clone(),
        props.world.clone(),
        props.follow.clone(),
        flow,
        props.per_dot,
        redraw.clone(),
    );
    html! {
        <div class="stage" ref={node}>
            // The topology sets the frame's proportions (its view box); the dots and the layer above
            // it fill the same frame.
            <div class="stage-frame">
                <svg viewBox={view_box.clone()} role="group" ref={topology} {onclick}
                    aria-label={if props.paused { "System topology, paused" } else { "System topology" }}>
                    { for laid.ways_in.iter().map(|way| html! { <polyline class="link" points={way.clone()} /> }) }
                    if botnet.is_some() {
                        <polyline class="link attack-way" points={laid.attack_way.clone()} />
                    }
                    // Links that take no traffic first, so where routes share a stretch it is drawn
                    // solid if any of them is live.
                    { for links().filter(|(s, _)| !s.in_rotation).map(link) }
                    if props.still {
                        { for links().filter(|(s, _)| s.in_rotation).map(|l| still_link(l, laid.layout.route(l.0.id), most_served)) }
                    } else {
                        { for links().filter(|(s, _)| s.in_rotation).map(link) }
                    }
                    if let Some(db) = db {
                        { database_links(&laid, db, false) }
                        { database_links(&laid, db, true) }
                    }
                    <g class="node clients" role="img" aria-label={clients_label}>{ clients(layout, snap) }</g>
                    if let Some(botnet) = &botnet {
                        <g class={classes!("node", "botnet", botnet.stopped.then_some("stopped"))} role="img"
                            aria-label={botnet_label(botnet)} transform={at(layout.botnet)}>
                            { botnet_glyph(layout, botnet) }
                        </g>
                    }
                    <g class="node edge" role="img" aria-label={edge_label(edge, snap.now)} transform={at(layout.edge)}>
                        { edge_glyph(layout, edge, snap.now) }
                    </g>
                    <g class="node balancer" role="img" aria-label={balancer_label} transform={at(layout.balancer)}>
                        { balancer(layout, snap) }
                    </g>
                    { for snap.servers.iter().zip(&layout.servers).map(|(s, (_, p))| server_node(&ServerNodeProps {
                        server: s.clone(), at: *p, glyph,
                        selected: props.selected == Some(s.id), onselect: props.onselect.clone(),
                    })) }
                    if let Some(db) = db {
                        { database_nodes(layout, db, snap.now, &props.oncommand) }
                    }
                    { security_marks(layout, snap) }
                </svg>
                <canvas id="particles" ref={props.canvas.clone()} aria-hidden="true"></canvas>
                // Above the dots: the sources, the edge and the balancer again, opaque, with haloed
                // labels, so traffic never hides them. Screen readers have them in the topology
                // already.
                <svg class="stage-overlay" viewBox={view_box} aria-hidden="true" focusable="false">
                    <g class="clients">{ clients(layout, snap) }</g>
                    if let Some(botnet) = &botnet {
                        <g class={classes!("botnet", botnet.stopped.then_some("stopped"))} transform={at(layout.botnet)}>
                            { botnet_glyph(layout, botnet) }
                        </g>
                    }
                    <g class="edge" transform={at(layout.edge)}>{ edge_glyph(layout, edge, snap.now) }</g>
                    <g class="balancer" transform={at(layout.balancer)}>{ balancer(layout, snap) }</g>
                    if props.paused { { paused_badge(layout.paused_badge) } }
                </svg>
            </div>
            <p class="legend">
                if !props.still {
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><rect x="2" y="2" width="6" height="6" fill={REQUEST_COLOUR} /></svg>{"request"}</span>
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="3.5" fill={RESPONSE_COLOUR} /></svg>{"response"}</span>
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><path d="M2 2 L8 8 M8 2 L2 8" stroke={DROP_COLOUR} stroke-width="2" /></svg>{"dropped"}</span>
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><path d="M5 1.5 L9 8.5 L1 8.5 Z" fill="none" stroke={FAIL_COLOUR} stroke-width="1.5" /></svg>{"failed"}</span>
                }
                { attack_keys(botnet.is_some(), botnet.is_some() || edge.defences.any()) }
                if db.is_some() { { disk_key() } }
                if props.behind {
                    <span class="behind">{"running slower than the chosen speed: too many requests to simulate in real time"}</span>
                }
                if props.still {
                    <span id="flow-key">{"Reduced motion: no moving dots. Each link is as thick as its server's share of the requests served in the last second, with the count on it."}</span>
                }
                if !props.still {
                    <span id="dot-scale">{ if props.per_dot > 1 { format!("1 dot = {} requests", count(props.per_dot)) } else { "1 dot = 1 request".to_string() } }</span>
                }
            </p>
            { trace_panel(
                &TracePanelProps { snapshot: snap.clone(), world: props.world.clone(), follow: props.follow.clone(), onchange: redraw },
                &trace_note,
            ) }
        </div>
    }
}
