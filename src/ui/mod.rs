//! The browser view: Yew components over the simulation.
