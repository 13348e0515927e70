from . import dmfg_job
from . import dmfg_job_expiry
from . import dmfg_producer
from . import res_config_settings
from . import dmfg_background_run
