"""Partner returns and Channel assurance: one module per family (returns; the Channel panel; statement, pathway and
information-sharing agreements)."""

from .channel import ChannelCategory, ChannelCount, ChannelPanel, ChannelQuarter, Dimension  # noqa: F401
from .returns import (  # noqa: F401
    PartnerReturn,
    ReturnPeriod,
    SectorAnswer,
    SectorQuestion,
    TrainingLine,
    TrainingProduct,
)
from .statement import (  # noqa: F401
    AssuranceStatement,
    ControlArea,
    Rating,
    ReferralPathway,
    SharingAgreement,
    StatementRating,
)
