from . import test_portal_access
from . import test_portal_actions
from . import test_portal_backoffice
from . import test_portal_pages
from . import test_portal_queries
from . import test_portal_stock
from . import test_portal_ui
from . import test_portal_performance
