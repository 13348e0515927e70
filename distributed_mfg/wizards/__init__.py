from . import dmfg_producer_state_wizard
from . import dmfg_producer_near_wizard
from . import dmfg_producer_locate
from . import dmfg_job_assign
from . import dmfg_job_leftover_transfer
from . import dmfg_wave_wizard
from . import dmfg_open_standard_import
