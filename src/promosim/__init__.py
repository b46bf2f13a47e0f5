"""promosim: relationship promoters, failure–distrust spirals and HR policies in B2B business."""

from promosim.errors import ConfigError
from promosim.model import PromoterModel
from promosim.scenario import Scenario, load_scenario

__all__ = ["ConfigError", "PromoterModel", "Scenario", "load_scenario"]
__version__ = "0.1.0"
