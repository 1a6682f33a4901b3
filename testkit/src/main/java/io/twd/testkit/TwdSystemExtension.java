package io.twd.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives test methods and lifecycle methods a {@link TwdSystem}
 * parameter: one system per test run, in {@code target/it/system-<pid>}, stopped when the run ends.
 */
public class TwdSystemExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TwdSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TwdSystem.class, k -> new TwdSystem(TestEnvironment.workDir("system")),
                        TwdSystem.class);
    }
}
