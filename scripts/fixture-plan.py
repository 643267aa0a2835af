#!/usr/bin/env python3
"""Makes real Terraform plans of small fixtures, without an AWS account.

    scripts/fixture-plan.py DIR          # DIR/plan.json from DIR/*.tf
    scripts/fixture-plan.py CASE.txtar   # plan/R/plan.json in the archive
                                         # for each root module terraform/R/
                                         # (plan/plan.json for terraform/*.tf)

Each root module is copied to a temporary directory beside an override
file that lets the AWS provider plan offline (skip_credentials_validation,
skip_requesting_account_id, skip_metadata_api_check, keys from the
environment). The provider cannot check allowed_account_ids without AWS, so
the override unsets them and they are put back, as the fixture writes them,
into the plan's configuration.provider_config: the only edit made to
terraform's own `terraform show -json` output. Set PLUGIN_DIR to a local
provider mirror when the registry cannot be reached.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROVIDER = re.compile(r'^provider\s+"aws"\s*\{([^\n]*)\}[ \t]*$|^provider\s+"aws"\s*\{(.*?)^\}', re.M | re.S)


def providers(tf):
    """The aws provider blocks of a module's text: {key: allowed ids}."""
    out = {}
    for m in PROVIDER.finditer(tf):
        body = m.group(1) if m.group(1) is not None else m.group(2)  # one line, or a block
        alias = re.search(r'\balias\s*=\s*"([^"]+)"', body)
        ids = re.search(r'\ballowed_account_ids\s*=\s*\[([^\]]*)\]', body)
        key = "aws." + alias.group(1) if alias else "aws"
        out[key] = re.findall(r'"([^"]+)"', ids.group(1)) if ids else None
    return out


def override(blocks):
    text = "# Only to plan without AWS (scripts/fixture-plan.py).\n"
    for key in sorted(blocks):
        alias = '  alias = "%s"\n' % key[4:] if key != "aws" else ""
        text += ('provider "aws" {\n%s  region = "eu-west-1"\n'
                 "  skip_credentials_validation = true\n"
                 "  skip_requesting_account_id  = true\n"
                 "  skip_metadata_api_check     = true\n"
                 "  skip_region_validation      = true\n") % alias
        if blocks[key] is not None:
            text += "  allowed_account_ids = null\n"
        text += "}\n"
    return text


def plan(files, root=""):
    """Plans the root module in directory root of a tree of .tf files given
    as {relative path: text} (the modules it calls among them); returns the
    plan."""
    top = tempfile.mkdtemp()
    work = os.path.join(top, root)
    try:
        blocks = {}
        for name, text in files.items():
            path = os.path.join(top, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            if os.path.dirname(name) == root and name.endswith(".tf"):
                blocks.update(providers(text))
        with open(os.path.join(work, "zz_fixture_override.tf"), "w") as f:
            f.write(override(blocks))
        if "aws" not in blocks:  # an override needs a block to override
            with open(os.path.join(work, "zz_fixture_provider.tf"), "w") as f:
                f.write(override({"aws": None}))
        env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", TF_IN_AUTOMATION="1")
        init = ["terraform", "init", "-input=false", "-backend=false"]
        if os.environ.get("PLUGIN_DIR"):
            init.append("-plugin-dir=" + os.environ["PLUGIN_DIR"])
        for cmd in (init, ["terraform", "plan", "-input=false", "-refresh=false", "-lock=false", "-out=tfplan"]):
            r = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit("%s: %s\n%s" % (" ".join(cmd), r.stdout, r.stderr))
        shown = subprocess.run(["terraform", "show", "-json", "tfplan"], cwd=work, env=env,
                               capture_output=True, text=True, check=True).stdout
        p = json.loads(shown)
        for key, ids in blocks.items():
            if ids is not None:
                p["configuration"]["provider_config"][key]["expressions"]["allowed_account_ids"] = {"constant_value": ids}
        return json.dumps(p, indent=1, sort_keys=True) + "\n"
    finally:
        shutil.rmtree(top)


def read_dir(d):
    files = {}
    for root, dirs, names in os.walk(d):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for n in names:
            if n.endswith(".tf"):
                p = os.path.join(root, n)
                files[os.path.relpath(p, d)] = open(p).read()
    return files


def txtar(path):
    text = open(path).read()
    parts = re.split(r"^-- (.+?) --$\n", text, flags=re.M)
    comment, files = parts[0], list(zip(parts[1::2], parts[2::2]))
    tops = [n for n, _ in files if n.startswith("terraform/") and n.endswith(".tf")]
    if any(n.count("/") == 1 for n in tops):  # terraform/main.tf: one root module
        roots = [""]
    else:  # terraform/R/main.tf: a root module each
        roots = sorted({n.split("/")[1] for n in tops if n.count("/") == 2})
    tree = {n[len("terraform/"):]: t for n, t in files if n.startswith("terraform/")}
    made = {}
    for r in roots:
        made["plan/%splan.json" % (r + "/" if r else "")] = plan(tree, r)
    files = [(n, t) for n, t in files if n not in made] + sorted(made.items())
    with open(path, "w") as f:
        f.write(comment + "".join("-- %s --\n%s" % (n, t) for n, t in files))
    return sorted(made)


def main():
    for arg in sys.argv[1:]:
        if arg.endswith(".txtar"):
            for made in txtar(arg):
                print(arg + ": " + made)
        else:
            with open(os.path.join(arg, "plan.json"), "w") as f:
                f.write(plan(read_dir(arg)))
            print(os.path.join(arg, "plan.json"))


if __name__ == "__main__":
    main()
