// Reads a model registry (`model_registry.json`) of company platforms into an ImportPlan. Pure.
//
// `provider_defaults.<kind>` holds what several providers share: `base_url`, `app_id`,
// `app_secret` / `app_key` (each also as `<field>_env`, naming an environment variable),
// `headers`, `default_model`. Kinds `juzhi` and `panzhi` get an editable `hmac` signature preset
// and, for fields the registry leaves out, their platform's usual environment variables
// (juzhi: OPENAI_API_BASE, OPENAI_API_ID, OPENAI_API_SECRET; panzhi: PANZHI_BASE_URL,
// PANZHI_APPID, PANZHI_APPKEY, PANZHI_MODEL_NAME). Each `providers.<name>` with `provider_type`
// inherits its defaults block and names its own `auth.model_id_env`. `models[]` (or a
// provider's own `models`) give `alias`, `provider`, `upstream_model`, `upstream_model_env`.
#pragma once

#include "envfile.h"
#include "importplan.h"

namespace clawgate::RegistryImport {

ImportPlan read(const QJsonObject &root, const EnvValues &env);

} // namespace clawgate::RegistryImport
