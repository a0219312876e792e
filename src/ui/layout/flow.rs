//! Which way the stage flows, chosen from its width: across a wide stage, down a narrow one.
//! The stage measures itself and tells the app, whose frame loop lays the moving dots out the
//! same way.

/// Stages narrower than this, in CSS pixels, flow down. Every window from 900 pixels wide up
/// leaves the stage wider than this (the narrowest, 581 pixels, is beside the controls in a
/// window 981 pixels wide), so the wide stage is as it was.
pub const NARROW_BELOW: f64 = 560.0;

/// Which way the stage flows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flow {
    /// Left to right: the clients on the left, the database on the right.
    #[default]
    Across,
    /// Top to bottom: the clients at the top, the database at the bottom.
    Down,
}

/// How wide, in CSS pixels, a phone's stage is drawn: a window 375 pixels wide less the page's
/// margins (1 rem a side) and the stage's border. The narrow stage is designed for it.
pub const PHONE_STAGE_PX: f64 = 341.0;

impl Flow {
    /// CSS pixels a user unit of the stage takes at the width the stage is designed for: across,
    /// 1000 units drawn about 1000 pixels wide (880 to 1040 in windows 1280 to 1440 wide); down,
    /// the narrow stage's 424 units drawn [`PHONE_STAGE_PX`] wide. A word's size in pixels is its
    /// size in user units times this.
    pub fn pixels_per_unit(self) -> f64 {
        match self {
            Flow::Across => 1.0,
            Flow::Down => PHONE_STAGE_PX / super::down::WIDTH,
        }
    }

    /// The flow of a stage `width` CSS pixels wide (across while it has no width yet).
    pub fn for_width(width: f64) -> Flow {
        if width > 0.0 && width < NARROW_BELOW {
            Flow::Down
        } else {
            Flow::Across
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_sized_stage_flows_down_and_a_wide_one_across() {
        for (width, flow) in
            [(0.0, Flow::Across), (288.0, Flow::Down), (358.0, Flow::Down), (559.0, Flow::Down)]
        {
            assert_eq!(Flow::for_width(width), flow, "{width}");
        }
        for width in [560.0, 581.0, 736.0, 880.0, 1400.0] {
            assert_eq!(Flow::for_width(width), Flow::Across, "{width}");
        }
    }
}
