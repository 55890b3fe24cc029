"""A service: its botocore model, its handlers keyed by operation, its state."""
from .. import models, protocols


class Service:
    def __init__(self, signing_name, model_name=None, regional=True, unsigned=(), state=dict, populate=None):
        self.signing_name = signing_name  # credential scope name, e.g. "iam"
        self.model_name = model_name or signing_name
        self.regional = regional
        self.unsigned = frozenset(unsigned)  # operations AWS accepts without a signature
        self._state_factory = state
        self.populate = populate  # populate(ctx): fills a region's new state, or None
        self.handlers = {}
        self.controls = {}  # (method, path under /_fake/) -> handler(world, body) -> JSON value
        self.downloads = {}  # path prefix -> handler(world, request) -> Response, or None: not its own
        self._protocol = None

    def op(self, name):
        """Decorator registering a handler(ctx, params) -> result dict."""
        def register(fn):
            self.handlers[name] = fn
            return fn
        return register

    def control(self, method, path):
        """Decorator registering a /_fake/ route for what AWS does outside its API (a person
        confirming an e-mail subscription, docker pushing an image). The handler runs under
        the world lock and raises AwsError for a failure (its status becomes the HTTP status)."""
        def register(fn):
            self.controls[(method, path)] = fn
            return fn
        return register

    def download(self, prefix):
        """Decorator registering what a presigned URL the service hands out serves (a Lambda
        deployment package): a plain GET, checked against the URL's own signature, outside the
        API (no SigV4 header, not counted as a call)."""
        def register(fn):
            self.downloads[prefix] = fn
            return fn
        return register

    def new_state(self, region):
        return self._state_factory(region)

    @property
    def model(self):
        return models.service_model(self.model_name)

    @property
    def protocol(self):
        if self._protocol is None:
            self._protocol = protocols.for_model(self.model)
        return self._protocol
