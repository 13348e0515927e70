from . import mail_attachment
from . import portal
