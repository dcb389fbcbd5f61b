package io.fusionscaler.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields of a parsed object that its Kubernetes type does not declare. fabric8's model keeps them in
 * {@code additionalProperties} instead of failing, so a misspelt field (readOnlyRootFileSystem) would pass a
 * plain parse unnoticed; this walk finds them. Custom resources (generic) are not checked.
 */
final class UnknownFields {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {
    }

    static List<String> of(Object object) {
        List<String> found = new ArrayList<>();
        walk(object, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof GenericKubernetesResource) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add(path + "." + k));
                }
            } else {
                walk(child, path + "." + decapitalize(getter.getName().substring(3)), found);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + " failed", e);
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
