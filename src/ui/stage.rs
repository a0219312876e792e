//! The stage: the topology drawn as SVG by Yew, with the canvas of moving dots laid over it.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{ServerId, ServerStatus, Snapshot};

use super::canvas::{DROP_COLOUR, REQUEST_COLOUR, RESPONSE_COLOUR};
use super::format::{count, rate};
use super::layout::{Layout, HEIGHT, SERVER_W, WIDTH};
use super::server_node::ServerNode;

/// Props of [`Stage`].
#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The world to draw.
    pub snapshot: Rc<Snapshot>,
    /// The server the learner selected, if any.
    pub selected: Option<ServerId>,
    /// Called when a server is clicked or activated.
    pub onselect: Callback<ServerId>,
    /// The canvas the frame loop paints dots on.
    pub canvas: NodeRef,
    /// Requests each dot stands for.
    pub per_dot: u64,
    /// Whether the simulation cannot keep up with the chosen speed.
    pub behind: bool,
}

/// Clients, the load balancer, servers and the links between them.
#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let snap = &props.snapshot;
    let ids: Vec<ServerId> = snap.servers.iter().map(|s| s.id).collect();
    let layout = Layout::new(&ids);
    let lb = layout.balancer;
    let clients_label = format!("Clients: sending {} requests per second", rate(snap.arrival_rate));
    let balancer_label = format!("Load balancer using {}", snap.algorithm.name());
    html! {
        <div class="stage">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="group" aria-label="System topology">
                { for layout.clients.iter().map(|c| html! {
                    <line class="link" x1={c.x.to_string()} y1={c.y.to_string()} x2={lb.x.to_string()} y2={lb.y.to_string()} />
                }) }
                { for snap.servers.iter().zip(&layout.servers).map(|(s, (_, p))| html! {
                    <line class={classes!("link", (s.status != ServerStatus::Up).then_some("inactive"))}
                        x1={lb.x.to_string()} y1={lb.y.to_string()}
                        x2={(p.x - SERVER_W * layout.server_scale / 2.0).to_string()} y2={p.y.to_string()} />
                }) }
                <g class="node clients" role="img" aria-label={clients_label}>
                    { for layout.clients.iter().map(|c| html! {
                        <g transform={format!("translate({} {})", c.x, c.y)}>
                            <circle class="head" cy="-14" r="9" />
                            <path class="body" d="M -16 14 Q -16 -2 0 -2 Q 16 -2 16 14 Z" />
                        </g>
                    }) }
                    <text class="label" x={layout.clients[0].x.to_string()} y="60" text-anchor="middle">{"Clients"}</text>
                    <text class="small" x={layout.clients[0].x.to_string()} y="78" text-anchor="middle">
                        { format!("{} req/s{}", rate(snap.arrival_rate), if snap.bursting { " · rush" } else { "" }) }
                    </text>
                </g>
                <g class="node balancer" role="img" aria-label={balancer_label}
                    transform={format!("translate({} {})", lb.x, lb.y)}>
                    <polygon points="0,-46 52,0 0,46 -52,0" />
                    <text class="label" y="5" text-anchor="middle">{"LB"}</text>
                    <text class="small" y="66" text-anchor="middle">{ snap.algorithm.name() }</text>
                </g>
                { for snap.servers.iter().zip(&layout.servers).map(|(s, (_, p))| html! {
                    <ServerNode key={s.id.0} server={s.clone()} at={*p} scale={layout.server_scale}
                        selected={props.selected == Some(s.id)} onselect={props.onselect.clone()} />
                }) }
            </svg>
            <canvas id="particles" ref={props.canvas.clone()} aria-hidden="true"></canvas>
            <p class="legend">
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><rect x="2" y="2" width="6" height="6" fill={REQUEST_COLOUR} /></svg>{"request"}</span>
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="3.5" fill={RESPONSE_COLOUR} /></svg>{"response"}</span>
                <span><svg class="key" viewBox="0 0 10 10" aria-hidden="true"><path d="M2 2 L8 8 M8 2 L2 8" stroke={DROP_COLOUR} stroke-width="2" /></svg>{"dropped"}</span>
                if props.behind {
                    <span class="behind">{"running slower than the chosen speed: too many requests to simulate in real time"}</span>
                }
                <span id="dot-scale">{ if props.per_dot > 1 { format!("1 dot = {} requests", count(props.per_dot)) } else { "1 dot = 1 request".to_string() } }</span>
            </p>
        </div>
    }
}
