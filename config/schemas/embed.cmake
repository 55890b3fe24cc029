# Turns the resource type schema JSON into a C++ source file with one string constant.
file(READ ${INPUT} AWSR_SCHEMA_TEXT)
file(WRITE ${OUTPUT} "// Generated from config/schemas/resource_types.json by embed.cmake.\n"
  "#include \"config/schemas/embedded_schema.h\"\n"
  "namespace awsr::config {\n"
  "std::string_view EmbeddedSchemaJson() {\n"
  "  static constexpr char kText[] = R\"awsr_schema(${AWSR_SCHEMA_TEXT})awsr_schema\";\n"
  "  return {kText, sizeof(kText) - 1};\n"
  "}\n"
  "}  // namespace awsr::config\n")
