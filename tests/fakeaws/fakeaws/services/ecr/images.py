"""Images: pushed through a control route (docker's layer upload protocol is out of scope), listed
with ListImages; enough for DeleteRepository's RepositoryNotEmptyException and tag immutability."""
import hashlib

from ... import credentials, paging
from ...errors import AwsError
from .common import SERVICE, repository_of

DEFAULT_PAGE = 100


@SERVICE.control("POST", "/_fake/ecr/push")
def push_image(world, body):
    """What `docker push REPO_URI:TAG` leaves behind: a new image holding the tag.

    Body: {"repositoryName": ..., "imageTag": ..., "region": "us-east-1" (default),
    "registryId": the account (default the test account)}."""
    region = body.get("region", credentials.DEFAULT_REGION)
    account = body.get("registryId", credentials.ACCOUNT_ID)
    repo = world.state("ecr", region, account).repositories.get(body["repositoryName"])
    if repo is None:
        raise AwsError("RepositoryNotFoundException", f"no repository {body['repositoryName']} in {region}",
                       404)
    tag = body["imageTag"]
    images = repo["_images"]
    holder = next((i for i in images if i.get("imageTag") == tag), None)
    if holder is not None:
        if repo["imageTagMutability"] == "IMMUTABLE":
            raise AwsError("ImageTagAlreadyExistsException", f"The image tag '{tag}' already exists in the "
                           f"'{repo['repositoryName']}' repository and cannot be overwritten because the "
                           f"repository is immutable.", 409)
        del holder["imageTag"]  # the previous image stays, untagged
    seed = f"{region}/{repo['repositoryName']}/{tag}/{len(images)}".encode()
    image = {"imageDigest": "sha256:" + hashlib.sha256(seed).hexdigest(), "imageTag": tag}
    images.append(image)
    return dict(image)


@SERVICE.op("ListImages")
def list_images(ctx, p):
    repo = repository_of(ctx, p["repositoryName"])
    status = p.get("filter", {}).get("tagStatus", "ANY")
    ids = [dict(i) for i in repo["_images"]
           if status == "ANY" or (status == "TAGGED") == ("imageTag" in i)]
    page, token = paging.page(ids, p.get("nextToken"), p.get("maxResults", DEFAULT_PAGE),
                              "InvalidParameterException")
    return {"imageIds": page, "nextToken": token}
